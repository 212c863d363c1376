import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { setupServer } from 'msw/node';
import { GithubChangeProvider } from './GithubChangeProvider';
import {
  githubWithPolicies,
  SEALED_WEB,
} from './__testUtils__/githubTestProvider';

const server = setupServer();
registerMswTestHooks(server);

const requester = { userEntityRef: 'user:default/jane', login: 'jane-gh' };

describe('GithubChangeProvider', () => {
  it('supports policy sources on hosts with a GitHub integration only', () => {
    const provider = GithubChangeProvider.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'ghe.example.com',
              apiBaseUrl: 'https://ghe.example.com/api/v3',
            },
          ],
        },
      }),
    );
    expect(provider.id).toBe('github');
    expect(provider.supports('https://ghe.example.com/acme/p/tree/main')).toBe(
      true,
    );
    expect(provider.supports('https://github.com/acme/p/tree/main')).toBe(true);
    expect(provider.supports('https://gitlab.example.com/acme/p')).toBe(false);
    expect(provider.supports('not a url')).toBe(false);
  });

  it('opens one branch with one commit of exactly the files, and a labelled pull request', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());

    const ref = await provider.openChange(input);

    expect(ref).toEqual({
      providerId: 'github',
      policySourceUrl: input.policySourceUrl,
      branch: 'netseal/request-12',
      changeId: '1',
      url: 'https://github.com/acme/policies/pull/1',
    });
    expect(fake.filesOn('netseal/request-12')).toEqual({
      'README.md': '# Policies\n',
      'netpol/prod-eu/web.yaml': `${SEALED_WEB}# resealed\n`,
    });
    const commits = fake.commitsAhead('netseal/request-12');
    expect(commits).toHaveLength(1);
    expect(commits[0].message).toContain(input.title);
    expect(commits[0].author.name).toBe('user:default/jane');
    expect(fake.pulls).toEqual([
      expect.objectContaining({
        number: 1,
        title: input.title,
        body: input.body,
        head: 'netseal/request-12',
        base: 'main',
        labels: ['netseal', 'netseal/replacement-request'],
      }),
    ]);
  });

  it('works against a GitHub Enterprise API base URL', async () => {
    const { fake, provider, input } = githubWithPolicies({ enterprise: true });
    server.use(...fake.handlers());

    const ref = await provider.openChange(input);

    expect(ref.url).toBe('https://ghe.example.com/acme/policies/pull/1');
    const state = await provider.getChange(ref, {
      requiredApprovals: 1,
      requester,
    });
    expect(state.state).toBe('open');
  });

  it("opens the pull request with a GitHub App's installation token", async () => {
    const { fake, input } = githubWithPolicies({ enterprise: true });
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    server.use(
      ...fake.appHandlers({ appId: 4242, installationId: 7 }),
      ...fake.handlers(),
    );
    const provider = GithubChangeProvider.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'ghe.example.com',
              apiBaseUrl: fake.apiBaseUrl,
              apps: [
                {
                  appId: 4242,
                  privateKey,
                  clientId: 'Iv1.netseal',
                  clientSecret: 'secret',
                  webhookSecret: 'secret',
                },
              ],
            },
          ],
        },
      }),
    );

    const ref = await provider.openChange(input);

    expect(ref.url).toBe('https://ghe.example.com/acme/policies/pull/1');
    expect(fake.pulls).toHaveLength(1);
  });

  it('uses the default branch when the policy source URL names none', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());

    await provider.openChange({
      ...input,
      policySourceUrl: 'https://github.com/acme/policies',
      files: [{ path: 'netpol/prod-eu/db.yaml', content: null }],
    });

    expect(fake.pulls[0].base).toBe('main');
    expect(Object.keys(fake.filesOn('netseal/request-12'))).toEqual([
      'README.md',
      'netpol/prod-eu/web.yaml',
    ]);
  });

  it('after a timeout between the branch and the pull request, a retry resumes the branch and opens one pull request', async () => {
    const { fake, provider, input } = githubWithPolicies({ timeoutMs: 200 });
    server.use(...fake.handlers());
    fake.fail('createPull', { hang: 'beforeWork' });

    await expect(provider.openChange(input)).rejects.toMatchObject({
      kind: 'timeout',
    });
    expect(fake.refs.has('heads/netseal/request-12')).toBe(true);
    expect(fake.pulls).toHaveLength(0);

    const ref = await provider.openChange(input);

    expect(ref.changeId).toBe('1');
    expect(fake.pulls).toHaveLength(1);
    expect(fake.commitsAhead('netseal/request-12')).toHaveLength(1);
    expect(fake.pulls[0].labels).toEqual(input.labels);
  });

  it('when the pull request was made but its answer was lost, a retry finds it and labels it', async () => {
    const { fake, provider, input } = githubWithPolicies({ timeoutMs: 200 });
    server.use(...fake.handlers());
    fake.fail('createPull', { hang: 'afterWork' });

    await expect(provider.openChange(input)).rejects.toMatchObject({
      kind: 'timeout',
    });
    const ref = await provider.openChange(input);

    expect(ref.url).toBe('https://github.com/acme/policies/pull/1');
    expect(fake.pulls).toHaveLength(1);
    expect(fake.pulls[0].labels).toEqual(input.labels);
    expect(fake.commitsAhead('netseal/request-12')).toHaveLength(1);
  });

  it('after a timeout while creating the branch, a retry reuses the branch it made', async () => {
    const { fake, provider, input } = githubWithPolicies({ timeoutMs: 200 });
    server.use(...fake.handlers());
    fake.fail('createRef', { hang: 'afterWork' });

    await expect(provider.openChange(input)).rejects.toMatchObject({
      kind: 'timeout',
    });
    const made = fake.refs.get('heads/netseal/request-12');
    const ref = await provider.openChange(input);

    expect(ref.changeId).toBe('1');
    expect(fake.refs.get('heads/netseal/request-12')).toBe(made);
    expect(fake.commitsAhead('netseal/request-12')).toHaveLength(1);
    expect(fake.pulls).toHaveLength(1);
  });

  it('refuses files that change nothing, and makes no branch', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());

    await expect(
      provider.openChange({
        ...input,
        files: [{ path: 'prod-eu/web.yaml', content: SEALED_WEB }],
      }),
    ).rejects.toThrow(/change nothing/);
    expect(fake.refs.has('heads/netseal/request-12')).toBe(false);
  });

  it('refuses a file path that leaves the policy source before calling GitHub', async () => {
    const { provider, input } = githubWithPolicies();

    await expect(
      provider.openChange({
        ...input,
        files: [{ path: '../README.md', content: 'x' }],
      }),
    ).rejects.toThrow(/files\[0\]\.path "\.\.\/README\.md"/);
  });

  it('reads reviews across pages', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    const ref = await provider.openChange(input);
    for (let i = 0; i < 101; i += 1) {
      fake.review(1, { login: `reviewer-${i}`, state: 'COMMENTED' });
    }
    fake.review(1, { login: 'ana', state: 'APPROVED' });

    const state = await provider.getChange(ref, {
      requiredApprovals: 1,
      requester,
    });

    expect(state.reviews).toHaveLength(102);
    expect(state.reviews[101]).toMatchObject({
      reviewer: 'ana',
      decision: 'approved',
      commitSha: state.headSha,
    });
    expect(state.approvals).toBe(1);
    expect(state.state).toBe('approved');
  });

  it("does not count the requester's own approval", async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    const ref = await provider.openChange(input);
    fake.review(1, { login: 'Jane-GH', state: 'APPROVED' });

    const state = await provider.getChange(ref, {
      requiredApprovals: 1,
      requester,
    });

    expect(state.reviews).toEqual([
      expect.objectContaining({ reviewer: 'Jane-GH', counted: false }),
    ]);
    expect(state.approvals).toBe(0);
    expect(state.state).toBe('open');
  });

  it('does not count an approval given before the last push', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    const ref = await provider.openChange(input);
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    const pushed = fake.push('netseal/request-12', {
      'netpol/prod-eu/web.yaml': 'kind: NetworkPolicy\n# edited\n',
    });

    const state = await provider.getChange(ref, {
      requiredApprovals: 1,
      requester,
    });

    expect(state.headSha).toBe(pushed);
    expect(state.reviews).toEqual([
      expect.objectContaining({ reviewer: 'ana', counted: false }),
    ]);
    expect(state.approvals).toBe(0);
    expect(state.state).toBe('open');
  });

  it('reads requested changes, dismissals and merged and closed pull requests', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    const ref = await provider.openChange(input);
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.review(1, { login: 'bo', state: 'APPROVED' });
    fake.review(1, {
      login: 'bo',
      state: 'CHANGES_REQUESTED',
      body: 'name the port',
    });
    fake.review(1, { login: 'cy', state: 'DISMISSED' });
    const options = { requiredApprovals: 2, requester };

    const open = await provider.getChange(ref, options);
    expect(open.approvals).toBe(1);
    expect(
      open.reviews.map(review => [review.reviewer, review.counted]),
    ).toEqual([
      ['ana', true],
      ['bo', false],
      ['bo', false],
      ['cy', false],
    ]);
    expect(open.state).toBe('open');
    expect(open.reviews[2]).toMatchObject({
      reviewer: 'bo',
      decision: 'changes-requested',
      comment: 'name the port',
    });

    fake.pulls[0].state = 'closed';
    expect((await provider.getChange(ref, options)).state).toBe('closed');
    fake.pulls[0].merged = true;
    expect((await provider.getChange(ref, options)).state).toBe('merged');
  });
});
