import {
  computeSeal,
  GUARD_LABEL,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { kubeRequest } from '../clusters/__testUtils__/testClusters';
import { RolloutExecutor } from './RolloutExecutor';
import {
  InMemoryRolloutProgress,
  RolloutProgress,
} from '../database/RolloutProgress';
import {
  checkoutEgress,
  livePolicies,
  oldAllowPayments,
  replaceAllowPayments,
  rolloutKubeConfig,
  sealedPolicy,
  startRolloutCluster,
} from './__testUtils__/rolloutCluster';

jest.setTimeout(30_000);

const noWait = async () => {};

function byName(policies: NetworkPolicy[]) {
  return Object.fromEntries(
    policies.map(policy => [policy.metadata.name, policy]),
  );
}

describe('RolloutExecutor', () => {
  it('replaces a sealed policy: the cluster ends with the new sealed object, digest equal to its seal, and no guard', async () => {
    const cluster = await startRolloutCluster([
      oldAllowPayments,
      checkoutEgress,
    ]);
    try {
      const executor = new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
        sleep: noWait,
      });
      const progress = new InMemoryRolloutProgress();

      const outcome = await executor.execute(
        {
          requestId: '42',
          cluster: 'shop-eu',
          changes: [replaceAllowPayments],
        },
        progress,
      );

      expect(outcome).toEqual({ status: 'completed' });
      const live = await livePolicies(cluster);
      expect(Object.keys(byName(live)).sort()).toEqual([
        'allow-payments',
        'checkout-egress',
      ]);
      expect(computeSeal(byName(live)['allow-payments'])).toBe(
        replaceAllowPayments.newSeal,
      );
      expect(live.some(policy => policy.metadata.labels?.[GUARD_LABEL])).toBe(
        false,
      );
      // Five steps, each recorded before and after it ran.
      expect(
        progress.events.filter(event => event.event === 'finished'),
      ).toHaveLength(5);
      expect(executor.requestCount).toBe(5);
    } finally {
      await cluster.server.stop();
    }
  });

  it('retries a step the API server answers with 503, and completes', async () => {
    const cluster = await startRolloutCluster([oldAllowPayments]);
    try {
      cluster.server.faults.set({
        rules: [{ verb: 'delete', code: 503, times: 2 }],
      });
      const executor = new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
        attempts: 3,
        sleep: noWait,
      });

      const outcome = await executor.execute(
        {
          requestId: '42',
          cluster: 'shop-eu',
          changes: [replaceAllowPayments],
        },
        new InMemoryRolloutProgress(),
      );

      expect(outcome).toEqual({ status: 'completed' });
      expect(executor.requestCount).toBe(7);
    } finally {
      await cluster.server.stop();
    }
  });

  it('rolls back when the created policy no longer matches its seal on read-back, and the old sealed policy is back', async () => {
    const cluster = await startRolloutCluster([oldAllowPayments]);
    try {
      const progress = new InMemoryRolloutProgress();
      // A controller that rewrites the policy as soon as it is created.
      const rewritingController: RolloutProgress = {
        resumeFrom: () => progress.resumeFrom(),
        started: (phase, step) => progress.started(phase, step),
        failed: (phase, step, error) => progress.failed(phase, step, error),
        rollbackStarted: (reason, notCreated) =>
          progress.rollbackStarted(reason, notCreated),
        ended: outcome => progress.ended(outcome),
        async finished(phase, step) {
          await progress.finished(phase, step);
          if (phase === 'rollout' && step === 2) {
            await kubeRequest(
              cluster,
              'PATCH',
              '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies/allow-payments',
              { spec: { ingress: [{ ports: [{ port: 8080 }] }] } },
            );
          }
        },
      };
      const executor = new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
        sleep: noWait,
      });

      const outcome = await executor.execute(
        {
          requestId: '42',
          cluster: 'shop-eu',
          changes: [replaceAllowPayments],
        },
        rewritingController,
      );

      expect(outcome).toEqual({
        status: 'rolled-back',
        reason: expect.stringContaining(
          `verify shop/allow-payments: the live policy's canonical digest`,
        ),
      });
      expect(outcome.status === 'rolled-back' && outcome.reason).toContain(
        `differs from its seal ${replaceAllowPayments.newSeal}`,
      );
      const live = await livePolicies(cluster);
      expect(live.map(policy => policy.metadata.name)).toEqual([
        'allow-payments',
      ]);
      expect(computeSeal(live[0])).toBe(computeSeal(oldAllowPayments));
    } finally {
      await cluster.server.stop();
    }
  });

  it('rolls back an added policy whose name another object holds, and leaves that object alone', async () => {
    const added = sealedPolicy('allow-search', {
      podSelector: { matchLabels: { app: 'search' } },
      ingress: [{ from: [{ podSelector: {} }] }],
    });
    const squatter = sealedPolicy('allow-search', {
      podSelector: { matchLabels: { app: 'search' } },
      ingress: [{}],
    });
    const cluster = await startRolloutCluster([oldAllowPayments, squatter]);
    try {
      const executor = new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
        sleep: noWait,
      });

      const outcome = await executor.execute(
        {
          requestId: '43',
          cluster: 'shop-eu',
          changes: [
            replaceAllowPayments,
            {
              op: 'add',
              cluster: 'shop-eu',
              namespace: 'shop',
              name: 'allow-search',
              newPolicy: added,
              newSeal: computeSeal(added),
            },
          ],
        },
        new InMemoryRolloutProgress(),
      );

      expect(outcome.status).toBe('rolled-back');
      expect(outcome.status === 'rolled-back' && outcome.reason).toContain(
        `cannot create the sealed policy shop/allow-search: another NetworkPolicy of that name exists, with canonical digest ${computeSeal(
          squatter,
        )}`,
      );
      const live = byName(await livePolicies(cluster));
      expect(Object.keys(live).sort()).toEqual([
        'allow-payments',
        'allow-search',
      ]);
      expect(computeSeal(live['allow-payments'])).toBe(
        computeSeal(oldAllowPayments),
      );
      expect(computeSeal(live['allow-search'])).toBe(computeSeal(squatter));
    } finally {
      await cluster.server.stop();
    }
  });

  it('ends as failed and leaves the guard standing when neither the new nor the old policy may be created', async () => {
    let frozen = false;
    const cluster = await startRolloutCluster([oldAllowPayments], attributes =>
      frozen &&
      attributes.operation === 'CREATE' &&
      attributes.name === 'allow-payments'
        ? { allowed: false, message: 'allow-payments is frozen' }
        : { allowed: true },
    );
    frozen = true;
    try {
      const executor = new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
        sleep: noWait,
      });

      const outcome = await executor.execute(
        {
          requestId: '42',
          cluster: 'shop-eu',
          changes: [replaceAllowPayments],
        },
        new InMemoryRolloutProgress(),
      );

      expect(outcome).toEqual({
        status: 'failed',
        reason: expect.stringContaining('allow-payments is frozen'),
        rollbackError: expect.stringContaining(
          'the guards that stood are left in place',
        ),
        leftInCluster: {
          guards: ['shop/netseal-guard-42-1'],
          policiesUntouched: false,
        },
      });
      const live = await livePolicies(cluster);
      expect(live.map(policy => policy.metadata.name)).toEqual([
        'netseal-guard-42-1',
      ]);
    } finally {
      await cluster.server.stop();
    }
  });

  it('changes nothing when run again after it ended', async () => {
    const cluster = await startRolloutCluster([oldAllowPayments]);
    try {
      const progress = new InMemoryRolloutProgress();
      const rollout = {
        requestId: '42',
        cluster: 'shop-eu',
        changes: [replaceAllowPayments],
      };
      await new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
      }).execute(rollout, progress);
      const again = new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
      });

      expect(await again.execute(rollout, progress)).toEqual({
        status: 'completed',
      });
      expect(again.requestCount).toBe(0);
    } finally {
      await cluster.server.stop();
    }
  });
});
