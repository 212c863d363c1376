import { GUARD_LABEL } from '@netseal/backstage-plugin-netseal-common';
import { InMemoryRolloutProgress } from '../database/RolloutProgress';
import { describeRolloutOutcome } from './describeRolloutOutcome';
import { RolloutExecutor } from './RolloutExecutor';
import {
  checkoutEgress,
  livePolicies,
  oldAllowPayments,
  replaceAllowPayments,
  rolloutKubeConfig,
  startRolloutCluster,
} from './__testUtils__/rolloutCluster';

jest.setTimeout(30_000);

const noWait = async () => {};
const rollout = {
  requestId: '42',
  cluster: 'shop-eu',
  changes: [replaceAllowPayments],
};

describe('describeRolloutOutcome', () => {
  it('names each cluster with its end, and a cluster that never started as keeping its old policies', () => {
    expect(
      describeRolloutOutcome(
        ['shop-eu', 'shop-us', 'shop-ap'],
        [
          { cluster: 'shop-eu', outcome: { status: 'completed' } },
          {
            cluster: 'shop-us',
            outcome: { status: 'rolled-back', reason: 'verify failed' },
          },
        ],
      ).split('\n'),
    ).toEqual([
      'shop-eu: completed; the new sealed policies are live and verified against their seals.',
      'shop-us: rolled back to the old sealed policies (verify failed).',
      'shop-ap: not started, because an earlier cluster did not complete; it keeps its old sealed policies.',
    ]);
  });

  it('says nothing was left behind, and no pod is isolated, when the API server refuses the very first step (creating the guard) and the rollback is refused the same way', async () => {
    // As RBAC or an admission policy refuses a rollout identity that may not create policies.
    const cluster = await startRolloutCluster(
      [oldAllowPayments, checkoutEgress],
      attributes =>
        attributes.operation === 'CREATE' &&
        attributes.object?.metadata.labels?.[GUARD_LABEL]
          ? { allowed: false, message: 'guards may not be created here' }
          : { allowed: true },
    );
    try {
      const before = await livePolicies(cluster);
      const outcome = await new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
        sleep: noWait,
      }).execute(rollout, new InMemoryRolloutProgress());
      const words = describeRolloutOutcome(
        ['shop-eu'],
        [{ cluster: 'shop-eu', outcome }],
      );

      expect(outcome.status).toBe('failed');
      expect(words).toMatch(
        /^shop-eu: FAILED \(cluster shop-eu: step 1 \(Create the guard shop\/netseal-guard-42-1.*\) failed: .*guards may not be created here\); the rollback failed too \(rollback step 1 .*guards may not be created here; nothing was left behind: no guard of the rollout stands \(read back afterwards\), so it isolates no pod, and no sealed policy was deleted or created, so the policies the request changes are as they were\)\.$/,
      );
      expect(words).not.toContain('isolated until');
      // And so it is: the cluster holds what it held, the same objects.
      expect(await livePolicies(cluster)).toEqual(before);
    } finally {
      await cluster.server.stop();
    }
  });

  it('names the guard left standing and the isolated pods when the rollback fails after the guard stood', async () => {
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
      const outcome = await new RolloutExecutor({
        kubeConfig: rolloutKubeConfig(cluster),
        sleep: noWait,
      }).execute(rollout, new InMemoryRolloutProgress());
      const words = describeRolloutOutcome(
        ['shop-eu'],
        [{ cluster: 'shop-eu', outcome }],
      );

      expect(words).toContain(
        'the guards that stood are left in place (shop/netseal-guard-42-1), so the pods they select stay isolated until an operator restores the old policies).',
      );
      expect(
        (await livePolicies(cluster)).map(policy => policy.metadata.name),
      ).toEqual(['netseal-guard-42-1']);
    } finally {
      await cluster.server.stop();
    }
  });

  it('assumes the guards stand when the cluster could not be read back, as outcomes stored before the read-back do', () => {
    expect(
      describeRolloutOutcome(
        ['shop-eu'],
        [
          {
            cluster: 'shop-eu',
            outcome: {
              status: 'failed',
              reason: 'step 2 failed',
              rollbackError:
                'rollback step 3 failed: timeout; the guards that stood are left in place, so the affected pods stay isolated until an operator restores the old policies',
            },
          },
        ],
      ),
    ).toBe(
      'shop-eu: FAILED (step 2 failed); the rollback failed too (rollback step 3 failed: timeout; the guards that stood are left in place, so the affected pods stay isolated until an operator restores the old policies).',
    );
  });
});
