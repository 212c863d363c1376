import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { githubWithPolicies } from './__testUtils__/githubTestProvider';

const server = setupServer();
registerMswTestHooks(server);

const requester = { userEntityRef: 'user:default/jane', login: 'jane-gh' };
const removal = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-everything',
  uid: '0d9c7a52',
  resourceVersion: '117',
  digest: 'sha256:5f1d',
};

/** A request that only removes a live policy Git never held: no file, one live removal. */
function liveRemovalRequest() {
  const github = githubWithPolicies();
  server.use(...github.fake.handlers());
  github.fake.collaborator('ana', 'write');
  const input = {
    ...github.input,
    title: 'Netseal: remove shop/allow-everything in prod-eu',
    files: [],
    liveRemovals: [removal],
  };
  return { ...github, input };
}

describe('GithubChangeProvider, removing a live policy Git never held', () => {
  it('opens a pull request of one commit with the base tree, its message naming the object exactly', async () => {
    const { fake, provider, input } = liveRemovalRequest();
    const filesOnMain = fake.filesOn('main');

    const ref = await provider.openChange(input);

    expect(ref.url).toBe('https://github.com/acme/policies/pull/1');
    const commits = fake.commitsAhead('netseal/request-12');
    expect(commits).toHaveLength(1);
    expect(commits[0].message).toContain(
      'Netseal-Live-Removal: cluster=prod-eu namespace=shop name=allow-everything uid=0d9c7a52 resourceVersion=117 digest=sha256:5f1d',
    );
    expect(fake.filesOn('netseal/request-12')).toEqual(filesOnMain);
    expect(fake.callsTo('createTree')).toBe(0);
    expect(fake.pulls).toEqual([
      expect.objectContaining({ title: input.title, body: input.body }),
    ]);
  });

  it('resumes a branch a crashed try left with the empty commit, opening its pull request', async () => {
    const { fake, provider, input } = liveRemovalRequest();
    fake.fail('createPull', {
      status: 403,
      message: 'Resource not accessible by integration',
    });
    await expect(provider.openChange(input)).rejects.toThrow();
    const head = fake.refs.get('heads/netseal/request-12');

    await provider.openChange(input);

    expect(fake.refs.get('heads/netseal/request-12')).toBe(head);
    expect(fake.pulls).toHaveLength(1);
  });

  it('reports the merged removal with its approval and no file at the merge commit', async () => {
    const { fake, provider, input } = liveRemovalRequest();
    const ref = await provider.openChange(input);
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    const merge = fake.mergePullRequest(1, { mergedBy: 'ana' });

    const merged = await provider.getMergedChange(ref, {
      requiredApprovals: 1,
      requester,
      paths: ['prod-eu/allow-everything.yaml'],
    });

    expect(merged).toMatchObject({
      state: 'merged',
      mergeCommitSha: merge,
      mergeCommitOnBase: true,
      approvals: 1,
      files: { 'prod-eu/allow-everything.yaml': null },
    });
  });

  it('still refuses a change with no file and no live removal, creating nothing', async () => {
    const { fake, provider, input } = liveRemovalRequest();

    await expect(
      provider.openChange({ ...input, liveRemovals: [] }),
    ).rejects.toThrow(/files is empty/);
    expect(fake.refs.has('heads/netseal/request-12')).toBe(false);
    expect(fake.pulls).toHaveLength(0);
  });
});
