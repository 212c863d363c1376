import { mockCredentials } from '@backstage/backend-test-utils';
import {
  computeSeal,
  NetworkPolicy,
  SEAL_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { stringify } from 'yaml';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  livePolicies,
  PAYMENTS,
  policiesPath,
  resetLivePolicies,
} from './__testUtils__/endToEnd';
import {
  deliverGithubWebhook,
  githubWebhookSetup,
} from '@netseal/github-api-fake';
import { useGithubPaymentsBackend } from './__testUtils__/useGithubPaymentsBackend';
import type { GithubFake } from '@netseal/github-api-fake';

const JANE = mockCredentials.user.header('user:default/jane');
const POLICY_FILE = 'payments/prod-eu/allow-checkout.yaml';

const onPort9443: NetworkPolicy = structuredClone(allowCheckout);
onPort9443.spec.ingress![0].ports = [{ port: 9443 }];
const newSeal = computeSeal(onPort9443);

describe('rollouts of pull requests merged on GitHub Enterprise', () => {
  jest.setTimeout(120_000);

  const github = useGithubPaymentsBackend(
    { [POLICY_FILE]: sealed(allowCheckout) },
    [sealed(allowCheckout)],
  );

  // Each test starts from the sealed allow-checkout the repository holds.
  afterEach(async () => {
    await resetLivePolicies(github.cluster, [sealed(allowCheckout)]);
  });

  async function fileRequest(server: Parameters<typeof request>[0]) {
    const filed = await request(server)
      .post('/api/netseal/requests')
      .set('Authorization', JANE)
      .send({
        entityRef: PAYMENTS,
        reason: 'checkout moved to 9443',
        changes: [
          {
            op: 'replace',
            cluster: 'prod-eu',
            namespace: 'shop',
            name: 'allow-checkout',
            manifest: stringify(onPort9443),
          },
        ],
      });
    expect(filed.status).toBe(201);
    return filed.body.id as string;
  }

  /** The request as stored, from the list, which never asks GitHub. */
  async function storedStateOf(
    server: Parameters<typeof request>[0],
    id: string,
  ): Promise<string> {
    const res = await request(server)
      .get('/api/netseal/requests')
      .set('Authorization', JANE);
    return res.body.items.find((item: { id: string }) => item.id === id).state;
  }

  async function stateOf(server: Parameters<typeof request>[0], id: string) {
    const res = await request(server)
      .get(`/api/netseal/requests/${id}`)
      .set('Authorization', JANE);
    return res.body;
  }

  it('rolls out a pull request merged with a write-access approval as soon as GitHub announces the merge by a signed webhook, and comments the outcome', async () => {
    const webhooks = githubWebhookSetup();
    const { fake, server } = await github.start({
      rolloutIdentity: true,
      ...webhooks,
    });
    const id = await fileRequest(server);
    fake.collaborator('ana-gh', 'write');
    fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
    const mergeCommit = fake.mergePullRequest(1, { mergedBy: 'riley-gh' });
    const merged = fake.pullRequestEvent(1, {
      action: 'closed',
      sender: 'riley-gh',
    });

    // A webhook signed with another secret is refused by Backstage's events backend.
    const forged = await deliverGithubWebhook(
      server,
      'pull_request',
      merged,
      'not-the-secret',
    );
    expect(forged.status).toBe(403);
    expect(await storedStateOf(server, id)).toBe('open');

    const delivered = await deliverGithubWebhook(
      server,
      'pull_request',
      merged,
    );
    expect(delivered.status).toBe(202);

    // Only the webhook tells the backend: the list reads no Git host.
    await waitFor(
      async () => (await storedStateOf(server, id)) === 'completed',
      'request completed',
    );
    const done = await stateOf(server, id);
    expect(done.rollout).toEqual(
      expect.objectContaining({
        status: 'completed',
        approvedBy: ['ana-gh'],
        mergedBy: 'riley-gh',
        mergeCommitSha: mergeCommit,
      }),
    );
    expect(fake.comments).toEqual([
      expect.objectContaining({
        issueNumber: 1,
        body: expect.stringContaining(
          `**Netseal rolled out request ${id}**\n\nprod-eu: completed`,
        ),
      }),
    ]);
    await waitFor(async () => {
      const res = await request(server).get(policiesPath);
      const item = res.body.items.find(
        (policy: { name: string }) => policy.name === 'allow-checkout',
      );
      return item?.status === 'in-sync' && item.seal === newSeal;
    }, 'allow-checkout in sync with the new seal');
  });

  it('marks the request approved as soon as GitHub announces a write-access review by a signed webhook', async () => {
    const { fake, server } = await github.start({
      rolloutIdentity: true,
      ...githubWebhookSetup(),
    });
    const id = await fileRequest(server);
    fake.collaborator('ana-gh', 'write');
    fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
    expect(await storedStateOf(server, id)).toBe('open');

    const delivered = await deliverGithubWebhook(
      server,
      'pull_request_review',
      fake.pullRequestReviewEvent(1),
    );
    expect(delivered.status).toBe(202);

    // Only the webhook tells the backend: the list reads no Git host.
    await waitFor(
      async () => (await storedStateOf(server, id)) === 'approved',
      'request approved',
    );
  });

  /** Ways a pull request gets merged without the approval Netseal requires. */
  const refusals: {
    name: string;
    arrange: (fake: GithubFake) => void;
    reason: (fake: GithubFake) => string;
  }[] = [
    {
      name: "only the requester's own approval",
      arrange: fake => {
        fake.collaborator('jane-gh', 'admin');
        fake.review(1, { login: 'jane-gh', state: 'APPROVED' });
        fake.mergePullRequest(1, { mergedBy: 'jane-gh' });
      },
      reason: () =>
        "change 1 has 0 of the 1 approvals it needs (jane-gh's approval is the requester's own)",
    },
    {
      name: 'an approval of an older commit than the merged head',
      arrange: fake => {
        fake.collaborator('ana-gh', 'write');
        fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
        fake.push(fake.pulls[0].head, { 'payments/notes.md': 'later\n' });
        fake.mergePullRequest(1, { mergedBy: 'riley-gh' });
      },
      reason: () =>
        "change 1 has 0 of the 1 approvals it needs (ana-gh's approval was given for an older commit than the merged head)",
    },
    {
      name: 'an approval from a user with read access only',
      arrange: fake => {
        fake.collaborator('ana-gh', 'read');
        fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
        fake.mergePullRequest(1, { mergedBy: 'riley-gh' });
      },
      reason: () =>
        "change 1 has 0 of the 1 approvals it needs (ana-gh's approval is by a user without write access to the repository)",
    },
    {
      name: 'an approval from someone who is not a collaborator',
      arrange: fake => {
        fake.review(1, { login: 'drive-by', state: 'APPROVED' });
        fake.mergePullRequest(1, { mergedBy: 'riley-gh' });
      },
      reason: () =>
        "change 1 has 0 of the 1 approvals it needs (drive-by's approval is by a user without write access to the repository)",
    },
    {
      name: 'a merge into another branch',
      arrange: fake => {
        fake.branch('release', {});
        fake.collaborator('ana-gh', 'write');
        fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
        fake.mergePullRequest(1, { mergedBy: 'riley-gh', into: 'release' });
      },
      reason: fake =>
        `change 1 was merged into release, not into main, the branch of the policy source; the merge commit ${fake.pulls[0].mergeCommitSha} is not on main; it was force-pushed away or never landed there`,
    },
    {
      name: 'a merge force-pushed away from the base',
      arrange: fake => {
        const before = fake.refs.get('heads/main')!;
        fake.collaborator('ana-gh', 'write');
        fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
        fake.mergePullRequest(1, { mergedBy: 'riley-gh' });
        fake.forcePush('main', before);
      },
      reason: fake =>
        `the merge commit ${fake.pulls[0].mergeCommitSha} is not on main; it was force-pushed away or never landed there`,
    },
    {
      name: 'a manifest resealed after the request with other content',
      arrange: fake => {
        const other = structuredClone(onPort9443);
        other.spec.ingress![0].ports = [{ port: 1 }];
        fake.push(fake.pulls[0].head, {
          [POLICY_FILE]: stringify(sealed(other)),
        });
        fake.collaborator('ana-gh', 'write');
        fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
        fake.mergePullRequest(1, { mergedBy: 'riley-gh' });
      },
      reason: fake => {
        const other = structuredClone(onPort9443);
        other.spec.ingress![0].ports = [{ port: 1 }];
        return `shop/allow-checkout in prod-eu/allow-checkout.yaml at ${fake.pulls[0].mergeCommitSha!.slice(
          0,
          12,
        )} has seal ${computeSeal(other)}, not the reviewed seal ${newSeal}`;
      },
    },
  ];

  it.each(refusals)(
    'refuses to roll out a pull request merged with $name, fails the request with the reason, comments it, and leaves the cluster alone',
    async ({ arrange, reason }) => {
      const { fake, server, triggerTask } = await github.start({
        rolloutIdentity: true,
      });
      const id = await fileRequest(server);
      arrange(fake);
      // No webhook here: the poll finds the merge.
      await triggerTask('netseal-requests-poll');

      await waitFor(
        async () => (await stateOf(server, id)).state === 'failed',
        'request failed',
      );
      const failed = await stateOf(server, id);
      const message = `the rollout is refused: ${reason(fake)}`;
      expect(failed.error).toEqual({ kind: 'approval-refused', message });
      expect(failed.rollout).toBeUndefined();
      expect(fake.comments.map(comment => comment.body)).toEqual([
        `**Netseal could not roll out request ${id}**\n\n${message}\n`,
      ]);
      // The cluster still runs the old sealed policy: nothing was written.
      const [live] = await livePolicies(github.cluster);
      expect(live.metadata.annotations?.[SEAL_ANNOTATION]).toBe(
        computeSeal(allowCheckout),
      );
    },
  );
});
