import { isWebUrl, requestPortalUrl } from './requestPortalUrl';

describe('requestPortalUrl', () => {
  it("opens the request's drawer on its entity's Network policies tab, as the catalog routes the entity", () => {
    expect(
      requestPortalUrl('http://localhost:3000', {
        id: '3f2c',
        entityRef: 'component:default/payments',
      }),
    ).toBe(
      'http://localhost:3000/catalog/default/component/payments/netseal?request=3f2c',
    );
    expect(
      requestPortalUrl('https://portal.example.com/backstage/', {
        id: 'a b',
        entityRef: 'Component:Shop/Payments API',
      }),
    ).toBe(
      'https://portal.example.com/backstage/catalog/shop/component/Payments%20API/netseal?request=a%20b',
    );
  });

  it('has no link without the portal’s base URL', () => {
    expect(
      requestPortalUrl(undefined, {
        id: '1',
        entityRef: 'component:default/payments',
      }),
    ).toBeUndefined();
  });
});

describe('isWebUrl', () => {
  it('takes http and https links, not the file: URL of a local change', () => {
    expect(isWebUrl('https://github.com/acme/policies/pull/1')).toBe(true);
    expect(isWebUrl('http://localhost:3000/x')).toBe(true);
    expect(isWebUrl('file:///srv/policies?branch=netseal/request-1')).toBe(
      false,
    );
    expect(isWebUrl(undefined)).toBe(false);
  });
});
