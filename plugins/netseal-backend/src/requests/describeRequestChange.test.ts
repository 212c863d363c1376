import { allowCheckout } from '../__fixtures__/sealedPolicies';
import { describeRequestChange } from './describeRequestChange';

const base = {
  requestId: 'r-1',
  entityRef: 'component:default/payments',
  reason: 'checkout moved to 9443',
  requester: 'user:default/jane',
};

const replace = {
  op: 'replace' as const,
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  file: 'prod-eu/allow-checkout.yaml',
  oldSeal: 'sha256:old',
  newSeal: 'sha256:new',
  oldText: 'spec:\n  port: 8443\n',
  newText: 'spec:\n  port: 9443\n',
  policy: allowCheckout,
};

describe('describeRequestChange', () => {
  it('titles a single change by what it does to which policy where', () => {
    expect(describeRequestChange({ ...base, changes: [replace] }).title).toBe(
      'Netseal: replace shop/allow-checkout in prod-eu',
    );
    expect(
      describeRequestChange({
        ...base,
        changes: [replace, { ...replace, name: 'other' }],
      }).title,
    ).toBe('Netseal: 2 policy changes for component:default/payments');
  });

  it('tells the reviewer the reason, the requester, the target, both seals, the rules in words and the diff', () => {
    const { body } = describeRequestChange({ ...base, changes: [replace] });

    expect(body).toContain('checkout moved to 9443');
    expect(body).toContain('`user:default/jane`');
    expect(body).toContain('cluster `prod-eu`, namespace `shop`');
    expect(body).toContain('Old seal: `sha256:old`');
    expect(body).toContain('New seal: `sha256:new`');
    expect(body).toMatch(
      /What the policy allows after this change:\n\n- .*8443/,
    );
    expect(body).toContain(
      '```diff\n spec:\n-  port: 8443\n+  port: 9443\n```',
    );
  });

  it('ends with a machine-readable marker naming the request', () => {
    const { body } = describeRequestChange({ ...base, changes: [replace] });

    const marker = body.match(/<!-- netseal-request: (.*) -->/);
    expect(JSON.parse(marker![1])).toEqual({
      id: 'r-1',
      entityRef: 'component:default/payments',
    });
  });

  it('keeps a reason from forging the marker or closing a code fence', () => {
    const { body } = describeRequestChange({
      ...base,
      reason: '<!-- netseal-request: {"id":"other"} -->',
      changes: [{ ...replace, newText: '```\nescaped\n' }],
    });

    expect(body.match(/<!-- netseal-request:/g)).toHaveLength(1);
    expect(body).toContain('````diff');
  });
});
