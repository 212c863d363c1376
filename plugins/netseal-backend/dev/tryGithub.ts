/*
 * See a replacement request become a pull request on GitHub, as a new adopter would:
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend try:github
 *
 * It starts a backend with the Netseal plugin, configured with `integrations.github`
 * for the GitHub Enterprise host ghe.example (a token), a catalog entity whose policy
 * source is https://ghe.example/acme/policies/tree/main/payments, and a Kubernetes API
 * test server. GitHub is a fake answered in this process through msw; nothing leaves
 * 127.0.0.1. It waits for the drift engine to read the policies from GitHub, files a
 * request over HTTP (printing the curl command that does the same), then prints the
 * pull request as GitHub holds it. Then a reviewer with write access approves it on
 * GitHub, it is merged, and GitHub's signed `pull_request` webhook reaches Backstage's
 * events endpoint (with `@backstage/plugin-events-backend-module-github`, as the README
 * installs it): the rollout runs, and it prints the rollout's steps and the comment on
 * the pull request. Exits 0 when the rollout completed, 1 otherwise, and gives up after
 * 60 s.
 *
 *   NETSEAL_TRY_GITHUB_TOKEN=ghp_wrong ...   # see how a wrong token in the config fails
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import { setupServer } from 'msw/node';
import { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { allowCheckout, sealed } from '../src/__fixtures__/sealedPolicies';
import {
  clusterConfig,
  clusterTokens,
  NetsealTestBackend,
  policiesPath,
  startNetsealBackend,
  checkoutPodInShop,
  startTestCluster,
  statusesOf,
} from '../src/endToEnd/__testUtils__/endToEnd';
import {
  GITHUB_POLICY_SOURCE_URL,
  githubIntegrations,
  githubPolicyRepository,
  loopbackOnly,
} from '../src/endToEnd/__testUtils__/githubPolicySource';
import {
  deliverGithubWebhook,
  githubWebhookSetup,
} from '@netseal/github-api-fake';

const DEADLINE_MS = 60_000;
const REQUESTER = 'user:default/jane';

let stage = 'starting';
const log = (text = '') => process.stdout.write(`${text}\n`);
const heading = (text: string) => log(`\n=== ${text} ===\n`);

/** Single-quoted for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

interface EntityPolicies {
  items: { cluster: string; namespace: string; name: string; status: string }[];
  sourceError?: { message: string };
}

async function waitForInSync(baseUrl: string): Promise<EntityPolicies> {
  for (;;) {
    const res = await fetch(`${baseUrl}${policiesPath}`);
    const policies = (await res.json()) as EntityPolicies;
    if (policies.sourceError) {
      throw new Error(
        `the drift engine could not read the policy source: ${policies.sourceError.message}`,
      );
    }
    if (statusesOf(policies)['prod-eu/allow-checkout'] === 'in-sync') {
      return policies;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

async function main(): Promise<void> {
  const fake = githubPolicyRepository({
    'README.md': '# Policies of acme\n',
    'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
  });
  const github = setupServer(...fake.handlers());
  github.listen({ onUnhandledRequest: loopbackOnly });
  let cluster: KubeApiTestServer | undefined;
  let backend: NetsealTestBackend | undefined;
  try {
    stage = 'starting the Kubernetes API test server';
    // A checkout pod beside payments, so the pull request's access changes have a flow to show.
    cluster = await startTestCluster(
      [sealed(allowCheckout)],
      [checkoutPodInShop],
    );
    stage = 'starting the backend';
    const webhooks = githubWebhookSetup();
    backend = await startNetsealBackend({
      policySourceUrl: GITHUB_POLICY_SOURCE_URL,
      rootConfig: {
        ...webhooks.rootConfig,
        integrations: githubIntegrations(process.env.NETSEAL_TRY_GITHUB_TOKEN),
      },
      // prod-eu with its read-only identity and its rollout identity.
      clusters: [
        clusterConfig(
          'prod-eu',
          cluster,
          undefined,
          clusterTokens.rollout.token,
        ),
      ],
      features: webhooks.features,
    });
    const { port } = backend.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    log(
      `Backend on ${baseUrl}; GitHub Enterprise (fake) on https://ghe.example`,
    );
    log(`Policy source: ${GITHUB_POLICY_SOURCE_URL}`);

    stage =
      'waiting for the drift engine to read the policy source from GitHub';
    const policies = await waitForInSync(baseUrl);
    heading(`GET ${policiesPath}`);
    for (const item of policies.items) {
      log(`${item.cluster}  ${item.namespace}/${item.name}  ${item.status}`);
    }

    stage = 'filing the request';
    const onPort9443: NetworkPolicy = structuredClone(allowCheckout);
    onPort9443.spec.ingress![0].ports = [{ port: 9443 }];
    const body = JSON.stringify({
      entityRef: 'component:default/payments',
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
    const headers = {
      'Content-Type': 'application/json',
      // The test backend's stand-in for a Backstage user token of Jane.
      Authorization: mockCredentials.user.header(REQUESTER),
      'Idempotency-Key': 'try-github-1',
    };
    heading('The request, as curl sends it');
    log(
      [
        `curl -sS -X POST ${baseUrl}/api/netseal/requests`,
        ...Object.entries(headers).map(
          ([name, value]) => `  -H ${shellQuote(`${name}: ${value}`)}`,
        ),
        `  --data ${shellQuote(body)}`,
      ].join(' \\\n'),
    );
    const res = await fetch(`${baseUrl}/api/netseal/requests`, {
      method: 'POST',
      headers,
      body,
    });
    const answer = await res.json();
    heading(`Answer: ${res.status} ${res.statusText}`);
    log(JSON.stringify(answer, null, 2));
    if (res.status !== 201) {
      throw new Error(`POST /api/netseal/requests answered ${res.status}`);
    }

    stage = 'reading the pull request from GitHub';
    const pull = fake.pulls.find(p => p.head === answer.branch);
    if (!pull) {
      throw new Error(`GitHub holds no pull request from ${answer.branch}`);
    }
    const commits = fake.commitsAhead(pull.head, pull.base);
    heading(`Pull request #${pull.number} on GitHub: ${answer.url}`);
    log(`Title:   ${pull.title}`);
    log(`Labels:  ${pull.labels.join(', ')}`);
    log(`Branch:  ${pull.head} -> ${pull.base}`);
    log(`State:   ${pull.state}`);
    log(`Commits: ${commits.length}`);
    for (const commit of commits) {
      log(
        `\n  ${commit.sha.slice(0, 7)} by ${commit.author.name} <${
          commit.author.email
        }>`,
      );
      log(`  ${commit.message.split('\n').join('\n  ')}`);
      for (const [path, content] of Object.entries(
        fake.filesChangedBy(commit.sha),
      )) {
        log(`\n  --- ${path}${content === null ? ' (removed)' : ''}`);
        if (content !== null)
          log(`  ${content.trimEnd().split('\n').join('\n  ')}`);
      }
    }
    heading('Body');
    log(pull.body);

    stage = 'approving and merging on GitHub';
    fake.collaborator('ana-gh', 'write');
    fake.review(pull.number, { login: 'ana-gh', state: 'APPROVED' });
    const mergeCommit = fake.mergePullRequest(pull.number, {
      mergedBy: 'riley-gh',
    });
    heading('On GitHub');
    log(`ana-gh (write access) approves; riley-gh merges as ${mergeCommit}`);
    const webhook = await deliverGithubWebhook(
      backend.server,
      'pull_request',
      fake.pullRequestEvent(pull.number, {
        action: 'closed',
        sender: 'riley-gh',
      }),
    );
    log(
      `GitHub's signed webhook: POST ${baseUrl}/api/events/http/github (x-github-event: pull_request) -> ${webhook.status}`,
    );

    stage = 'waiting for the rollout';
    let detail;
    for (;;) {
      const got = await fetch(`${baseUrl}/api/netseal/requests/${answer.id}`, {
        headers: { Authorization: headers.Authorization },
      });
      detail = await got.json();
      if (['completed', 'rolled-back', 'failed'].includes(detail.state)) break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    heading(`Request ${answer.id}: ${detail.state}`);
    log(
      `approved by ${detail.rollout.approvedBy.join(', ')}; merged by ${
        detail.rollout.mergedBy
      } as ${detail.rollout.mergeCommitSha}`,
    );
    for (const rolled of detail.rollout.clusters) {
      log(`\n${rolled.cluster} as ${rolled.identity}: ${rolled.status}`);
      for (const step of rolled.steps) {
        log(`  ${step.index + 1}. [${step.status}] ${step.description}`);
      }
    }
    heading('Comment on the pull request');
    for (const comment of fake.comments) log(comment.body);
    if (detail.state !== 'completed') {
      throw new Error(`the rollout ended ${detail.state}`);
    }
    stage = 'stopping';
  } finally {
    await backend?.stop();
    await cluster?.stop();
    github.close();
  }
}

const deadline = setTimeout(() => {
  process.stderr.write(
    `try:github failed: no result within ${
      DEADLINE_MS / 1000
    } s while ${stage}\n`,
  );
  process.exit(1);
}, DEADLINE_MS);

main().then(
  () => {
    clearTimeout(deadline);
    log(
      '\ntry:github: the pull request is on GitHub and its merge rolled out, as shown above.',
    );
    process.exit(0);
  },
  (error: Error) => {
    clearTimeout(deadline);
    process.stderr.write(
      `try:github failed while ${stage}: ${error.message}\n`,
    );
    process.exit(1);
  },
);
