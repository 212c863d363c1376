import { paymentsPolicies } from '../../__fixtures__/paymentsPolicies';
import { draftToChanges, sealedPolicies } from './draftChange';

describe('draftToChanges', () => {
  const sealed = sealedPolicies(paymentsPolicies().items);

  it('acknowledges non-isolation only for the removals the requester acknowledged', () => {
    const changes = draftToChanges(
      {
        op: 'remove',
        policyId: 'prod-us/shop/allow-checkout',
        alsoIn: ['prod-eu'],
        manifest: '',
        acknowledgedNonIsolation: ['prod-eu/shop/allow-checkout'],
      },
      sealed,
    );

    expect(changes).toEqual([
      {
        op: 'remove',
        cluster: 'prod-us',
        namespace: 'shop',
        name: 'allow-checkout',
      },
      {
        op: 'remove',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        acknowledgeNonIsolation: true,
      },
    ]);
  });

  it('never acknowledges non-isolation for an edit', () => {
    const changes = draftToChanges(
      {
        op: 'replace',
        policyId: 'prod-us/shop/allow-checkout',
        manifest: 'kind: NetworkPolicy',
        acknowledgedNonIsolation: ['prod-us/shop/allow-checkout'],
      },
      sealed,
    );

    expect(changes?.[0]).not.toHaveProperty('acknowledgeNonIsolation');
  });
});
