import type {
  LivePod,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { IndexedLivePolicy, LiveViewIndex } from './LiveViewIndex';
import { indexedLivePolicy } from './__testUtils__/indexedLivePolicy';

function written(namespace: string, name: string): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace, name },
    spec: { podSelector: {} },
  };
}

function policy(namespace: string, name: string): IndexedLivePolicy {
  return indexedLivePolicy(written(namespace, name));
}

const objects = (policies: IndexedLivePolicy[]) =>
  policies.map(entry => entry.object());

function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
): LivePod {
  return { namespace, name, labels };
}

const ID = 'backstage.io/kubernetes-id';
const podNames = (pods: LivePod[]) =>
  pods.map(p => `${p.namespace}/${p.name}`).sort();

describe('LiveViewIndex', () => {
  it('finds policies by namespace and name as they come and go', () => {
    const live = new LiveViewIndex();
    live.upsertPolicy(policy('payments', 'deny-all'));
    live.upsertPolicy(policy('payments', 'allow-checkout'));
    live.upsertPolicy(policy('shop', 'deny-all'));
    live.deletePolicy('payments', 'allow-checkout');
    expect(live.policy('payments', 'deny-all')?.object()).toEqual(
      written('payments', 'deny-all'),
    );
    expect(live.policy('payments', 'allow-checkout')).toBeUndefined();
    expect(
      objects(live.policiesIn(['payments', 'shop', 'payments', 'nowhere'])),
    ).toEqual([written('payments', 'deny-all'), written('shop', 'deny-all')]);
  });

  it('finds a service’s pods by its id label, following relabelled and deleted pods', () => {
    const live = new LiveViewIndex();
    live.upsertPod(pod('payments', 'api-1', { [ID]: 'payments', app: 'api' }));
    live.upsertPod(pod('payments', 'api-2', { [ID]: 'payments', app: 'api' }));
    live.upsertPod(pod('shop', 'web-1', { [ID]: 'shop' }));
    live.upsertPod(pod('payments', 'api-2', { [ID]: 'ledger' }));
    live.upsertPod(pod('shop', 'payments-proxy', { [ID]: 'payments' }));
    live.deletePod('shop', 'payments-proxy');
    expect(
      podNames(
        live.candidatePods({ selector: { matchLabels: { [ID]: 'payments' } } }),
      ),
    ).toEqual(['payments/api-1']);
  });

  it('narrows candidates to the entity’s namespace', () => {
    const live = new LiveViewIndex();
    live.upsertPod(pod('payments', 'api-1', { app: 'api' }));
    live.upsertPod(pod('staging', 'api-1', { app: 'api' }));
    expect(
      podNames(
        live.candidatePods({
          selector: { matchLabels: { app: 'api' } },
          namespace: 'staging',
        }),
      ),
    ).toEqual(['staging/api-1']);
    expect(
      podNames(
        live.candidatePods({
          selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
          namespace: 'payments',
        }),
      ),
    ).toEqual(['payments/api-1']);
  });

  it('offers every pod as a candidate when the selector has no label to look up', () => {
    const live = new LiveViewIndex();
    live.upsertPod(pod('payments', 'api-1', { app: 'api' }));
    live.upsertPod(pod('shop', 'web-1', {}));
    expect(
      podNames(
        live.candidatePods({
          selector: {
            matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }],
          },
        }),
      ),
    ).toEqual(['payments/api-1', 'shop/web-1']);
  });

  it('starts over from a relist', () => {
    const live = new LiveViewIndex();
    live.upsertPolicy(policy('payments', 'stale'));
    live.upsertPod(pod('payments', 'old', { [ID]: 'payments' }));
    live.replaceAll({
      policies: [policy('payments', 'deny-all')],
      pods: [pod('payments', 'new', { [ID]: 'payments' })],
    });
    expect(objects(live.policiesIn(['payments']))).toEqual([
      written('payments', 'deny-all'),
    ]);
    expect(
      podNames(
        live.candidatePods({ selector: { matchLabels: { [ID]: 'payments' } } }),
      ),
    ).toEqual(['payments/new']);
  });
});
