import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OpenChangeInput } from '@netseal/backstage-plugin-netseal-node';
import { LocalGitChangeProvider } from './LocalGitChangeProvider';

function git(cwd: string, ...args: string[]) {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd },
  )
    .toString()
    .trim();
}

// A bound for a loaded, shared machine, not an expectation of speed.
jest.setTimeout(30_000);

const requester = { userEntityRef: 'user:default/jane', login: 'jane' };
const rules = { requiredApprovals: 1, requester };
const removal = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-everything',
  uid: '0d9c7a52',
  resourceVersion: '117',
  digest: 'sha256:5f1d',
};

describe('LocalGitChangeProvider, removing a live policy Git never held', () => {
  let root: string;
  let repo: string;
  let provider: LocalGitChangeProvider;
  let input: OpenChangeInput;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-live-removal-'));
    repo = path.join(root, 'policies');
    fs.mkdirSync(path.join(repo, 'prod-eu'), { recursive: true });
    git(root, 'init', '-q', '-b', 'main', repo);
    fs.writeFileSync(path.join(repo, 'prod-eu', 'web.yaml'), 'kind: A\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'initial policies');
    provider = new LocalGitChangeProvider({ allow: [root] });
    input = {
      requestId: '7',
      policySourceUrl: pathToFileURL(path.join(repo, 'prod-eu')).toString(),
      branch: 'netseal/request-7',
      title: 'Netseal: remove shop/allow-everything in prod-eu',
      body: 'Reason: nobody owns it',
      labels: ['netseal'],
      files: [],
      liveRemovals: [removal],
      requester,
    };
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('opens a branch with one empty commit whose message names the object exactly', async () => {
    const ref = await provider.openChange(input);

    expect(git(repo, 'rev-list', '--count', `main..${ref.branch}`)).toBe('1');
    expect(git(repo, 'rev-parse', `${ref.branch}^{tree}`)).toBe(
      git(repo, 'rev-parse', 'main^{tree}'),
    );
    const message = git(repo, 'log', '-1', '--format=%B', ref.branch);
    expect(message).toContain(
      'Netseal-Live-Removal: cluster=prod-eu namespace=shop name=allow-everything uid=0d9c7a52 resourceVersion=117 digest=sha256:5f1d',
    );
    expect(message).toContain('Reason: nobody owns it');
  });

  it('answers a retry with the same change and no second commit', async () => {
    const first = await provider.openChange(input);
    const head = git(repo, 'rev-parse', first.branch);

    await expect(provider.openChange(input)).resolves.toEqual(first);
    expect(git(repo, 'rev-parse', first.branch)).toBe(head);
  });

  it('is reviewed and merged like any change, its commit landing on main', async () => {
    const ref = await provider.openChange(input);
    await provider.approve!(ref, 'user:default/ana');

    const { mergeCommitSha } = await provider.merge!(ref, rules);

    expect(git(repo, 'log', '-1', '--format=%B', 'main')).toContain(
      'Netseal-Live-Removal: cluster=prod-eu',
    );
    const merged = await provider.getMergedChange(ref, {
      ...rules,
      paths: ['allow-everything.yaml'],
    });
    expect(merged).toMatchObject({
      state: 'merged',
      mergeCommitSha,
      mergeCommitOnBase: true,
      approvals: 1,
      files: { 'allow-everything.yaml': null },
    });
  });

  it('still refuses a change with no file and no live removal, leaving no branch behind', async () => {
    await expect(
      provider.openChange({ ...input, liveRemovals: [] }),
    ).rejects.toThrow(/files is empty/);
    expect(git(repo, 'branch', '--list', 'netseal/*')).toBe('');
  });
});
