import { setupServer } from 'msw/node';
import { GithubFake } from '../GithubFake';
import { GithubRestDescription } from './GithubRestDescription';
import { GithubWebhookDescription } from './GithubWebhookDescription';
import { takeGithubViolations } from './githubConformance';

const dotCom = GithubRestDescription.of('api.github.com');

function pullRequestCheck(body: unknown, status = 200) {
  return dotCom.checkResponse({
    method: 'GET',
    path: '/repos/acme/policies/pulls/1',
    status,
    contentType: 'application/json; charset=utf-8',
    body,
  });
}

describe("GitHub's REST description", () => {
  it('finds the operation by method and path template, the more specific template first, with refs that hold slashes', () => {
    expect(
      dotCom.findOperation(
        'GET',
        '/repos/acme/policies/commits/feature/x/status',
      )?.operationId,
    ).toBe('repos/get-combined-status-for-ref');
    expect(
      dotCom.findOperation('GET', '/repos/acme/policies/commits/feature/x')
        ?.operationId,
    ).toBe('repos/get-commit');
    expect(
      dotCom.findOperation('GET', '/repos/acme/policies/git/ref/heads/a/b')
        ?.operationId,
    ).toBe('git/get-ref');
    expect(
      dotCom.findOperation('GET', '/repos/acme/policies/compare/main...a/b')
        ?.operationId,
    ).toBe('repos/compare-commits-with-basehead');
  });

  it('refuses a pull request trimmed to what Netseal reads, naming the fields GitHub always sends and where the description requires them', () => {
    const check = pullRequestCheck({
      number: 1,
      html_url: 'https://github.com/acme/policies/pull/1',
      state: 'open',
      merged: false,
      head: { ref: 'netseal/1', sha: 'a'.repeat(40) },
      base: { ref: 'main', sha: 'b'.repeat(40) },
    });
    expect(check.operation).toBe(
      'GET /repos/{owner}/{repo}/pulls/{pull_number} (pulls/get)',
    );
    expect(check.outcome).toBe('violates');
    expect(check.problems).toEqual(
      expect.arrayContaining([
        "/ must have required property '_links' (schema #/components/schemas/pull-request/required)",
        "/ must have required property 'closed_at' (schema #/components/schemas/pull-request/required)",
      ]),
    );
  });

  it('counts 401 Bad credentials apart from the conforming answers, as GitHub sends it to operations whose description leaves it out', () => {
    const check = pullRequestCheck(
      {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      },
      401,
    );
    expect(check.outcome).toBe('undescribed-status');
    expect(check.undescribedBecause).toMatch(/Bad credentials/);
  });

  it('refuses a status that the operation does not describe and GitHub is not known to send', () => {
    const check = pullRequestCheck({ message: "I'm a teapot" }, 418);
    expect(check.outcome).toBe('violates');
    expect(check.problems[0]).toMatch(
      /status 418 is not among the statuses GitHub's description gives pulls\/get \(200, 304, 404, 406, 500, 503\)/,
    );
  });
});

describe('the GitHub stand-in against the descriptions', () => {
  const fake = new GithubFake({
    apiBaseUrl: 'https://ghe.example/api/v3',
    webBaseUrl: 'https://ghe.example',
    owner: 'acme',
    repo: 'policies',
    token: 'ghe-token',
    files: { 'payments/prod-eu/allow-checkout.yaml': 'kind: NetworkPolicy\n' },
  });
  const server = setupServer(...fake.handlers());
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  async function call(method: string, path: string, body?: object) {
    const response = await fetch(`${fake.apiBaseUrl}${path}`, {
      method,
      headers: {
        authorization: `token ${fake.token}`,
        'content-type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  it("answers a pull request's life with responses GitHub Enterprise Server's description allows", async () => {
    fake.branch('netseal/1', {
      'payments/prod-eu/allow-checkout.yaml': 'kind: NetworkPolicy # 9443\n',
    });
    const opened = await call('POST', '/repos/acme/policies/pulls', {
      title: 'checkout moved to 9443',
      head: 'acme:netseal/1',
      base: 'main',
    });
    expect(opened.status).toBe(201);
    await call('POST', '/repos/acme/policies/issues/1/labels', {
      labels: ['netseal'],
    });
    fake.collaborator('ana-gh', 'write');
    fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
    fake.mergePullRequest(1, { mergedBy: 'riley-gh' });
    const merged = await call('GET', '/repos/acme/policies/pulls/1');
    expect(merged.body).toEqual(
      expect.objectContaining({ merged: true, state: 'closed' }),
    );
    await call('GET', '/repos/acme/policies/pulls/1/reviews');
    await call('GET', '/repos/acme/policies/collaborators/ana-gh/permission');
    await call('GET', '/repos/acme/policies');
    const missing = await call('GET', '/repos/acme/policies/pulls/9');
    expect(missing.status).toBe(404);

    expect(takeGithubViolations()).toEqual([]);
  });

  it("delivers pull_request and pull_request_review payloads GitHub's webhook description allows, where a trimmed one is refused", () => {
    const webhooks = GithubWebhookDescription.of('ghes-3.19');
    expect(
      webhooks.checkPayload(
        'pull_request',
        fake.pullRequestEvent(1, { action: 'closed', sender: 'riley-gh' }),
      ),
    ).toEqual({
      operation: 'pull_request.closed',
      outcome: 'conforms',
      problems: [],
    });
    expect(
      webhooks.checkPayload(
        'pull_request_review',
        fake.pullRequestReviewEvent(1),
      ),
    ).toEqual({
      operation: 'pull_request_review.submitted',
      outcome: 'conforms',
      problems: [],
    });

    const trimmed = webhooks.checkPayload('pull_request', {
      action: 'closed',
      number: 1,
      pull_request: { number: 1, html_url: 'x', merged: true },
    });
    expect(trimmed.outcome).toBe('violates');
    expect(trimmed.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'sender'"),
      ]),
    );
  });
});
