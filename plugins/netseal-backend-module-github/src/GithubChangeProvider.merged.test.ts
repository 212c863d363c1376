import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { GetMergedChangeOptions } from '@netseal/backstage-plugin-netseal-node';
import { setupServer } from 'msw/node';
import {
  githubWithPolicies,
  SEALED_WEB,
} from './__testUtils__/githubTestProvider';

const server = setupServer();
registerMswTestHooks(server);

const requester = { userEntityRef: 'user:default/jane', login: 'jane-gh' };
const RESEALED_WEB = `${SEALED_WEB}# resealed\n`;
const options: GetMergedChangeOptions = {
  requiredApprovals: 2,
  requester,
  paths: ['prod-eu/web.yaml'],
};

/** A request's pull request, opened by the provider, with `ana` and `bo` as writers. */
async function openedRequest(
  github: Parameters<typeof githubWithPolicies>[0] = {},
) {
  const { fake, provider, input, policySourceUrl } = githubWithPolicies(github);
  server.use(...fake.handlers());
  fake.collaborator('ana', 'write');
  fake.collaborator('bo', 'maintain');
  fake.collaborator('root', 'admin');
  const ref = await provider.openChange(input);
  return { fake, provider, input, policySourceUrl, ref };
}

describe('GithubChangeProvider.getMergedChange', () => {
  it('reports a pull request merged with two writers approving its head: merge commit on base, merged manifests, who merged it', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.review(1, { login: 'bo', state: 'APPROVED' });
    const head = fake.refs.get('heads/netseal/request-12')!;
    const merge = fake.mergePullRequest(1, {
      mergedBy: 'root',
      deleteBranch: true,
    });

    const merged = await provider.getMergedChange(ref, options);

    expect(merged).toMatchObject({
      state: 'merged',
      baseBranch: 'main',
      mergedInto: 'main',
      mergeCommitOnBase: true,
      mergeCommitSha: merge,
      headSha: head,
      mergedBy: 'root',
      approvals: 2,
      files: { 'prod-eu/web.yaml': RESEALED_WEB },
    });
    expect(Date.parse(merged.mergedAt!)).not.toBeNaN();
    expect(merged.reviews).toEqual([
      expect.objectContaining({ reviewer: 'ana', counted: true }),
      expect.objectContaining({ reviewer: 'bo', counted: true }),
    ]);
  });

  it("does not count the requester's own approval", async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.collaborator('jane-gh', 'admin');
    fake.review(1, { login: 'Jane-GH', state: 'APPROVED' });
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.mergePullRequest(1, { mergedBy: 'root' });

    const merged = await provider.getMergedChange(ref, options);

    expect(merged.reviews[0]).toMatchObject({
      reviewer: 'Jane-GH',
      counted: false,
      notCountedBecause: 'requester',
    });
    expect(merged.approvals).toBe(1);
  });

  it('does not count an approval of an older commit than the merged head', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.review(1, { login: 'bo', state: 'APPROVED' });
    const pushed = fake.push('netseal/request-12', {
      'netpol/prod-eu/web.yaml': 'kind: NetworkPolicy\n# pushed after review\n',
    });
    fake.review(1, { login: 'bo', state: 'APPROVED' });
    fake.mergePullRequest(1, { mergedBy: 'root' });

    const merged = await provider.getMergedChange(ref, options);

    expect(merged.headSha).toBe(pushed);
    expect(merged.reviews[0]).toMatchObject({
      reviewer: 'ana',
      counted: false,
      notCountedBecause: 'stale',
    });
    expect(merged.approvals).toBe(1);
    expect(merged.files['prod-eu/web.yaml']).toBe(
      'kind: NetworkPolicy\n# pushed after review\n',
    );
  });

  it('does not count approvals from a reader or from someone who is not a collaborator', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.collaborator('rita', 'read');
    fake.collaborator('tess', 'triage');
    fake.review(1, { login: 'rita', state: 'APPROVED' });
    fake.review(1, { login: 'tess', state: 'APPROVED' });
    fake.review(1, { login: 'outsider', state: 'APPROVED' });
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.mergePullRequest(1, { mergedBy: 'root' });

    const merged = await provider.getMergedChange(ref, options);

    expect(
      merged.reviews.map(review => [
        review.reviewer,
        review.counted,
        review.notCountedBecause,
      ]),
    ).toEqual([
      ['rita', false, 'no-write-access'],
      ['tess', false, 'no-write-access'],
      ['outsider', false, 'no-write-access'],
      ['ana', true, undefined],
    ]);
    expect(merged.approvals).toBe(1);
  });

  it('reports the branch a pull request was merged into when it is not the policy source’s', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.branch('staging', { 'netpol/prod-eu/other.yaml': 'kind: X\n' });
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.review(1, { login: 'bo', state: 'APPROVED' });
    fake.mergePullRequest(1, { mergedBy: 'root', into: 'staging' });

    const merged = await provider.getMergedChange(ref, options);

    expect(merged).toMatchObject({
      state: 'merged',
      baseBranch: 'main',
      mergedInto: 'staging',
      mergeCommitOnBase: false,
      approvals: 2,
    });
  });

  it('reads the default branch as the base when the policy source URL names none', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.mergePullRequest(1, { mergedBy: 'root' });

    const merged = await provider.getMergedChange(
      { ...ref, policySourceUrl: 'https://github.com/acme/policies' },
      { ...options, paths: ['netpol/prod-eu/web.yaml'] },
    );

    expect(merged).toMatchObject({
      baseBranch: 'main',
      mergeCommitOnBase: true,
      files: { 'netpol/prod-eu/web.yaml': RESEALED_WEB },
    });
  });

  it('reads afresh and reports the merge commit off base once the base is force-pushed', async () => {
    const { fake, provider, ref } = await openedRequest();
    const merge = fake.mergePullRequest(1, { mergedBy: 'root' });
    expect(
      (await provider.getMergedChange(ref, options)).mergeCommitOnBase,
    ).toBe(true);

    const [before] = fake.commits.get(merge)!.parents;
    fake.forcePush('main', before);
    const rewound = await provider.getMergedChange(ref, options);
    fake.push('main', { 'netpol/prod-eu/web.yaml': 'kind: Rewritten\n' });
    const diverged = await provider.getMergedChange(ref, options);

    expect(rewound).toMatchObject({
      state: 'merged',
      mergeCommitSha: merge,
      mergeCommitOnBase: false,
    });
    expect(diverged.mergeCommitOnBase).toBe(false);
  });

  it('reports a merge commit on base when later commits follow it there', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.mergePullRequest(1, { mergedBy: 'root' });
    fake.push('main', { 'netpol/prod-eu/api.yaml': 'kind: NetworkPolicy\n' });

    const merged = await provider.getMergedChange(ref, options);

    expect(merged.mergeCommitOnBase).toBe(true);
  });

  it('reports a pull request closed without merging as closed, with no merge commit and no files', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.closePullRequest(1);

    const merged = await provider.getMergedChange(ref, options);

    expect(merged).toEqual(
      expect.objectContaining({
        state: 'closed',
        mergeCommitOnBase: false,
        files: {},
      }),
    );
    expect(merged).not.toHaveProperty('mergeCommitSha');
    expect(merged).not.toHaveProperty('mergedInto');
    expect(merged).not.toHaveProperty('mergedBy');
  });

  it('reports an open pull request as approved or open, never with a merge commit', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.review(1, { login: 'bo', state: 'APPROVED' });

    const merged = await provider.getMergedChange(ref, options);

    expect(merged).toMatchObject({
      state: 'approved',
      mergeCommitOnBase: false,
      files: {},
    });
    expect(merged.mergeCommitSha).toBeUndefined();
  });

  it('maps a file the change deleted to null', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.mergePullRequest(1, { mergedBy: 'root' });

    const merged = await provider.getMergedChange(ref, {
      ...options,
      paths: ['prod-eu/web.yaml', 'prod-eu/db.yaml'],
    });

    expect(merged.files).toEqual({
      'prod-eu/web.yaml': RESEALED_WEB,
      'prod-eu/db.yaml': null,
    });
    expect(fake.filesOn('main')).not.toHaveProperty('netpol/prod-eu/db.yaml');
  });

  it('reads a merged file over 1 MB through the blob API', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    const large = `kind: NetworkPolicy\n${'# padding\n'.repeat(110_000)}`;
    const ref = await provider.openChange({
      ...input,
      files: [{ path: 'prod-eu/web.yaml', content: large }],
    });
    fake.mergePullRequest(1, { mergedBy: 'root' });

    const merged = await provider.getMergedChange(ref, options);

    expect(merged.files['prod-eu/web.yaml']).toBe(large);
    expect(fake.callsTo('getBlob')).toBe(1);
  });

  it('refuses a path that is a folder at the merge commit', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.mergePullRequest(1, { mergedBy: 'root' });

    await expect(
      provider.getMergedChange(ref, { ...options, paths: ['prod-eu'] }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('netpol/prod-eu'),
    });
  });

  it('refuses a path that leaves the policy source before calling GitHub', async () => {
    const { fake, provider, ref } = await openedRequest();
    const calls = fake.callsTo('getPull');

    await expect(
      provider.getMergedChange(ref, { ...options, paths: ['../README.md'] }),
    ).rejects.toThrow(/paths\[0\] "\.\.\/README\.md"/);
    expect(fake.callsTo('getPull')).toBe(calls);
  });

  it('reads reviews across pages and asks each approving reviewer’s permission once', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.collaborator('rita', 'read');
    for (let i = 0; i < 101; i += 1) {
      fake.review(1, { login: `reviewer-${i % 7}`, state: 'COMMENTED' });
    }
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.review(1, { login: 'rita', state: 'APPROVED' });
    fake.review(1, { login: 'bo', state: 'APPROVED' });
    fake.mergePullRequest(1, { mergedBy: 'root' });

    const merged = await provider.getMergedChange(ref, options);

    expect(merged.reviews).toHaveLength(105);
    expect(
      merged.reviews
        .slice(101)
        .map(review => [review.reviewer, review.notCountedBecause]),
    ).toEqual([
      ['ana', undefined],
      ['ana', undefined],
      ['rita', 'no-write-access'],
      ['bo', undefined],
    ]);
    expect(merged.approvals).toBe(2);
    expect(fake.callsTo('listReviews')).toBe(2);
    expect(fake.callsTo('getCollaboratorPermission')).toBe(3);
  });

  it('answers wrong credentials (401) on the pull request as unauthorized', async () => {
    const { fake, ref } = await openedRequest();
    fake.mergePullRequest(1, { mergedBy: 'root' });
    const { provider: revoked } = githubWithPolicies({ token: 'ghs_revoked' });

    await expect(revoked.getMergedChange(ref, options)).rejects.toMatchObject({
      kind: 'unauthorized',
      message: expect.stringContaining('acme/policies'),
    });
  });

  it('answers a 5xx on the pull request as unavailable', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.mergePullRequest(1, { mergedBy: 'root' });
    fake.fail('getPull', { status: 503, message: 'Service Unavailable' });

    await expect(provider.getMergedChange(ref, options)).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('#1'),
    });
  });

  it('answers a 5xx on a permission check as unavailable rather than as no write access', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.mergePullRequest(1, { mergedBy: 'root' });
    fake.fail('getCollaboratorPermission', {
      status: 502,
      message: 'Server Error',
    });

    await expect(provider.getMergedChange(ref, options)).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('ana'),
    });
  });
});

describe('GithubChangeProvider.commentOnChange', () => {
  it("posts one comment with the body on the pull request's issue", async () => {
    const { fake, provider, ref } = await openedRequest();
    const body = 'Rollout **succeeded** on prod-eu: 2 policies replaced.';

    await provider.commentOnChange(ref, body);

    expect(fake.comments).toEqual([
      expect.objectContaining({
        issueNumber: 1,
        body,
        login: 'netseal-app[bot]',
      }),
    ]);
  });

  it('answers a missing pull request (404) as not-found', async () => {
    const { fake, provider, ref } = await openedRequest();

    await expect(
      provider.commentOnChange({ ...ref, changeId: '7' }, 'Rolled out.'),
    ).rejects.toMatchObject({ kind: 'not-found' });
    expect(fake.comments).toEqual([]);
  });

  it('refuses an empty body or one longer than GitHub takes before calling GitHub', async () => {
    const { fake, provider, ref } = await openedRequest();

    await expect(provider.commentOnChange(ref, '  ')).rejects.toThrow(
      /body is empty/,
    );
    await expect(
      provider.commentOnChange(ref, 'x'.repeat(65537)),
    ).rejects.toThrow(/65536/);
    expect(fake.callsTo('createIssueComment')).toBe(0);
  });
});
