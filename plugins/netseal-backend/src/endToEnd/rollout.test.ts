import { execFileSync } from 'node:child_process';
import { mockCredentials } from '@backstage/backend-test-utils';
import { SEAL_ANNOTATION } from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import {
  denyingPermission,
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';
import {
  livePolicies,
  policiesPath,
  resetLivePolicies,
} from './__testUtils__/endToEnd';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';

const ANA = mockCredentials.user.header('user:default/ana');

jest.setTimeout(120_000);

describe('rollouts of merged requests, through the API', () => {
  const payments = usePaymentsBackend();

  // Each test starts from the sealed allow-checkout the policy repository holds.
  afterEach(async () => {
    await resetLivePolicies(payments.cluster, [sealed(allowCheckout)]);
  });

  /** Files the request for port `port`, has Ana approve it and the requester merge it. */
  async function fileApproveAndMerge(
    server: Parameters<typeof request>[0],
    port: number,
  ) {
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(port));
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    const merged = await request(server).post(
      `/api/netseal/requests/${id}/merge`,
    );
    expect(merged.status).toBe(200);
    return { id, newSeal: filed.body.changes[0].newSeal as string };
  }

  async function requestOf(server: Parameters<typeof request>[0], id: string) {
    const res = await request(server).get(`/api/netseal/requests/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('rolls a merged request out on merge, step by step as the rollout identity, until its policy is in sync with the new seal', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    const { id, newSeal } = await fileApproveAndMerge(server, 9443);

    await waitFor(
      async () => (await requestOf(server, id)).state === 'completed',
      'request completed',
    );
    const done = await requestOf(server, id);
    expect(done.rollout).toEqual(
      expect.objectContaining({
        status: 'completed',
        startedBy: 'system',
        approvedBy: ['user:default/ana'],
        mergedBy: 'user:default/mock',
        mergeCommitSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      }),
    );
    const [cluster] = done.rollout.clusters;
    expect(cluster).toEqual(
      expect.objectContaining({
        cluster: 'prod-eu',
        identity:
          'netseal-rollout (the token of netseal.clusters[prod-eu].rollout)',
        status: 'completed',
      }),
    );
    expect(
      cluster.steps.map(
        (step: { description: string; status: string }) =>
          `${step.status}: ${step.description}`,
      ),
    ).toEqual([
      `done: Create the guard shop/netseal-guard-${id}-1: deny all ingress of pods app=payments in namespace shop while the policies are swapped.`,
      'done: Delete shop/allow-checkout.',
      'done: Create shop/allow-checkout, labelled netseal.io/sealed=true.',
      `done: Read shop/allow-checkout back and check its digest against ${newSeal}.`,
      `done: Delete the guard shop/netseal-guard-${id}-1.`,
    ]);
    for (const step of cluster.steps) {
      expect(Date.parse(step.finishedAt)).toBeGreaterThanOrEqual(
        Date.parse(step.startedAt),
      );
    }
    expect(done.transitions.map((t: { to: string }) => t.to)).toEqual([
      'open',
      'approved',
      'merged',
      'rolling-out',
      'completed',
    ]);

    await waitFor(async () => {
      const res = await request(server).get(policiesPath);
      const item = res.body.items.find(
        (policy: { name: string }) => policy.name === 'allow-checkout',
      );
      return item?.status === 'in-sync' && item.seal === newSeal;
    }, 'allow-checkout in sync with the new seal');
    const live = await livePolicies(payments.cluster);
    expect(live.map(policy => policy.metadata.name)).toEqual([
      'allow-checkout',
    ]);
    expect(live[0].metadata.labels).toEqual(
      expect.objectContaining({ 'netseal.io/sealed': 'true' }),
    );
    expect(live[0].metadata.annotations?.[SEAL_ANNOTATION]).toBe(newSeal);
    expect(live[0].spec.ingress![0].ports).toEqual([
      expect.objectContaining({ port: 9443 }),
    ]);
  });

  it('asks to acknowledge a removal that leaves pods open, then rolls the removal out', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    const removal = {
      entityRef: 'component:default/payments',
      reason: 'payments takes any traffic now',
      changes: [
        {
          op: 'remove',
          cluster: 'prod-eu',
          namespace: 'shop',
          name: 'allow-checkout',
        },
      ],
    };
    const preview = await request(server)
      .post('/api/netseal/requests/preview')
      .send({ entityRef: removal.entityRef, changes: removal.changes });
    expect(preview.body.problems).toEqual([
      {
        field: 'changes[0].acknowledgeNonIsolation',
        message: expect.stringMatching(
          /^removing shop\/allow-checkout leaves shop\/payments-\S+ open to all ingress traffic in prod-eu, since no other policy isolates them; set acknowledgeNonIsolation to true to confirm/,
        ),
      },
    ]);
    const refused = await request(server)
      .post('/api/netseal/requests')
      .send(removal);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /^changes\[0\]\.acknowledgeNonIsolation: removing shop\/allow-checkout/,
    );
    expect(
      (await request(server).get('/api/netseal/requests')).body.totalCount,
    ).toBe(0);

    const filed = await request(server)
      .post('/api/netseal/requests')
      .send({
        ...removal,
        changes: [{ ...removal.changes[0], acknowledgeNonIsolation: true }],
      });
    expect(filed.status).toBe(201);
    const { id } = filed.body;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);
    await waitFor(
      async () => (await requestOf(server, id)).state === 'completed',
      'removal completed',
    );
    expect(await livePolicies(payments.cluster)).toEqual([]);
  });

  it('waits for someone allowed to roll out when rollouts do not start on merge', async () => {
    const { server, triggerTask } = await payments.start(
      { config: { rollouts: { autoStart: false } } },
      { rolloutIdentity: true },
    );
    const { id } = await fileApproveAndMerge(server, 9444);
    // The poll resumes and starts rollouts; with autoStart off it starts none.
    await triggerTask('netseal-requests-poll');
    expect((await requestOf(server, id)).state).toBe('merged');

    const started = await request(server).post(
      `/api/netseal/requests/${id}/rollout`,
    );
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('rolling-out');
    expect(started.body.rollout).toEqual(
      expect.objectContaining({ startedBy: 'user:default/mock' }),
    );
    await waitFor(
      async () => (await requestOf(server, id)).state === 'completed',
      'request completed',
    );
    const again = await request(server).post(
      `/api/netseal/requests/${id}/rollout`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `the rollout of request ${id} has ended (completed); file a new request to change the policies again`,
    );
  });

  it('refuses to start a rollout without netseal.rollout.execute, changing nothing', async () => {
    const { server } = await payments.start(
      {
        config: { rollouts: { autoStart: false } },
        features: [denyingPermission('netseal.rollout.execute')],
      },
      { rolloutIdentity: true },
    );
    const { id } = await fileApproveAndMerge(server, 9445);
    const refused = await request(server).post(
      `/api/netseal/requests/${id}/rollout`,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      `You may not roll out requests for component:default/payments (permission netseal.rollout.execute)`,
    );
    expect((await requestOf(server, id)).state).toBe('merged');
    expect(
      (await livePolicies(payments.cluster))[0].spec.ingress![0].ports,
    ).toEqual([expect.objectContaining({ port: 8443 })]);
  });

  it('refuses a request that is not merged, and a cluster without a rollout identity, with the fix', async () => {
    const { server } = await payments.start({
      config: { rollouts: { autoStart: false } },
    });
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9446));
    const open = await request(server).post(
      `/api/netseal/requests/${filed.body.id}/rollout`,
    );
    expect(open.status).toBe(409);
    expect(open.body.error.message).toBe(
      `request ${filed.body.id} is open; only a merged request rolls out, so get its approvals and merge it first`,
    );
    await request(server)
      .post(`/api/netseal/requests/${filed.body.id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' });
    await request(server).post(`/api/netseal/requests/${filed.body.id}/merge`);
    const noIdentity = await request(server).post(
      `/api/netseal/requests/${filed.body.id}/rollout`,
    );
    expect(noIdentity.status).toBe(409);
    expect(noIdentity.body.error.message).toMatch(
      /^cluster prod-eu has no rollout identity; set netseal.clusters\[\].rollout/,
    );
    expect((await requestOf(server, filed.body.id)).state).toBe('merged');
  });

  it('refuses a merge whose commit left the base branch, failing the request with the reason and touching no cluster', async () => {
    const { server, repo } = await payments.start(
      { config: { rollouts: { autoStart: false } } },
      { rolloutIdentity: true },
    );
    const before = git(repo.root, 'rev-parse', 'main');
    const { id } = await fileApproveAndMerge(server, 9447);
    const mergeCommit = git(repo.root, 'rev-parse', 'main');
    // Someone force-pushes main back to before the merge.
    git(repo.root, 'update-ref', 'refs/heads/main', before);

    const refused = await request(server).post(
      `/api/netseal/requests/${id}/rollout`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      `the rollout is refused: the merge commit ${mergeCommit} is not on main; it was force-pushed away or never landed there`,
    );
    const failed = await requestOf(server, id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toEqual({
      kind: 'approval-refused',
      message: refused.body.error.message,
    });
    expect(failed.rollout).toBeUndefined();
    expect(
      (await livePolicies(payments.cluster))[0].spec.ingress![0].ports,
    ).toEqual([expect.objectContaining({ port: 8443 })]);
  });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd }).toString().trim();
}
