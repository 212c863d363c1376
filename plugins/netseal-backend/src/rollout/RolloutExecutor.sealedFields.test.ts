import {
  computeSeal,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { InMemoryRolloutProgress } from '../database/RolloutProgress';
import { RolloutExecutor } from './RolloutExecutor';
import {
  checkoutEgress,
  livePolicies,
  newAllowPayments,
  oldAllowPayments,
  replaceAllowPayments,
  rolloutKubeConfig,
  startRolloutCluster,
} from './__testUtils__/rolloutCluster';

jest.setTimeout(30_000);

/**
 * The rollout sends a cluster only what a sealed manifest may carry (metadata name,
 * namespace, labels, annotations; spec), whatever the manifest it was given holds: a
 * finalizer or owner reference that reached Git by another road never reaches the cluster.
 */
describe('RolloutExecutor, fields it sends', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['finalizers', { finalizers: ['example.com/hold'] }, {}],
    [
      'ownerReferences',
      {
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: 'owner',
            uid: '5c3c0b1e-0000-4000-8000-000000000001',
          },
        ],
      },
      {},
    ],
    ['resourceVersion', { resourceVersion: '12345' }, {}],
    ['uid', { uid: '5c3c0b1e-0000-4000-8000-000000000002' }, {}],
    ['deletionTimestamp', { deletionTimestamp: '2026-01-01T00:00:00Z' }, {}],
    ['generateName', { generateName: 'allow-' }, {}],
    ['status', {}, { status: { conditions: [] } }],
  ])(
    'creates the new policy without its %s, its seal and annotations intact',
    async (field, metadata, root) => {
      const given = {
        ...newAllowPayments,
        ...root,
        metadata: { ...newAllowPayments.metadata, ...metadata },
      } as NetworkPolicy;
      const cluster = await startRolloutCluster([
        oldAllowPayments,
        checkoutEgress,
      ]);
      try {
        const executor = new RolloutExecutor({
          kubeConfig: rolloutKubeConfig(cluster),
          sleep: async () => {},
        });

        const outcome = await executor.execute(
          {
            requestId: '42',
            cluster: 'shop-eu',
            changes: [{ ...replaceAllowPayments, newPolicy: given }],
          },
          new InMemoryRolloutProgress(),
        );

        expect(outcome).toEqual({ status: 'completed' });
        const live = (await livePolicies(cluster)).find(
          policy => policy.metadata.name === 'allow-payments',
        )!;
        // The API server sets a resourceVersion and uid of its own; none of the given.
        expect(live.metadata[field]).not.toEqual(metadata[field] ?? 'unset');
        expect(live.status).toBeUndefined();
        expect(live.metadata.annotations).toEqual(
          newAllowPayments.metadata.annotations,
        );
        expect(computeSeal(live)).toBe(replaceAllowPayments.newSeal);
      } finally {
        await cluster.server.stop();
      }
    },
  );
});
