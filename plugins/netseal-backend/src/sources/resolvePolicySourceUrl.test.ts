import { Entity } from '@backstage/catalog-model';
import { resolvePolicySourceUrl } from './resolvePolicySourceUrl';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', annotations },
    spec: {},
  };
}

describe('resolvePolicySourceUrl', () => {
  it('takes a full URL as it is', () => {
    expect(
      resolvePolicySourceUrl(
        entity({
          'netseal.io/policy-source':
            'https://github.com/acme/policies/tree/main/payments',
        }),
      ),
    ).toBe('https://github.com/acme/policies/tree/main/payments');
  });

  it('resolves dir: against a file location, like techdocs-ref', () => {
    expect(
      resolvePolicySourceUrl(
        entity({
          'netseal.io/policy-source': 'dir:./policies/payments',
          'backstage.io/managed-by-location': 'file:/srv/catalog/entities.yaml',
        }),
      ),
    ).toBe('file:///srv/catalog/policies/payments');
  });

  it('resolves dir: against a URL location', () => {
    expect(
      resolvePolicySourceUrl(
        entity({
          'netseal.io/policy-source': 'dir:policies/payments',
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/shop/blob/main/catalog-info.yaml',
        }),
      ),
    ).toBe('https://github.com/acme/shop/blob/main/policies/payments');
  });

  it('names the annotation when the value is not a URL', () => {
    expect(() =>
      resolvePolicySourceUrl(
        entity({ 'netseal.io/policy-source': 'payments' }),
      ),
    ).toThrow(
      'component:default/payments: annotation netseal.io/policy-source "payments" is neither a URL nor dir:<path>',
    );
  });

  it('asks for a full URL when a relative source has nothing to resolve against', () => {
    expect(() =>
      resolvePolicySourceUrl(entity({ 'netseal.io/policy-source': 'dir:x' })),
    ).toThrow(/use a full URL/);
  });
});
