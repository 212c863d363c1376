import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ChangeRef,
  OpenChangeInput,
} from '@netseal/backstage-plugin-netseal-node';
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

// Each test spawns a few dozen git processes; on a loaded, shared CI machine that takes
// longer than jest's 5 s default. A bound, not an expectation of speed.
jest.setTimeout(30_000);

const requester = { userEntityRef: 'user:default/jane', login: 'jane' };
const rules = { requiredApprovals: 1, requester };

describe('LocalGitChangeProvider', () => {
  let root: string;
  let repo: string;
  let sourceUrl: string;
  let provider: LocalGitChangeProvider;
  let nextId = 0;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-local-changes-'));
    repo = path.join(root, 'policies');
    fs.mkdirSync(path.join(repo, 'prod-eu'), { recursive: true });
    git(root, 'init', '-q', '-b', 'main', repo);
    fs.writeFileSync(path.join(repo, 'prod-eu', 'web.yaml'), 'kind: A\n');
    fs.writeFileSync(path.join(repo, 'prod-eu', 'db.yaml'), 'kind: B\n');
    fs.writeFileSync(path.join(repo, 'README.md'), '# policies\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'initial policies');
    sourceUrl = pathToFileURL(path.join(repo, 'prod-eu')).toString();
    provider = new LocalGitChangeProvider({ allow: [root] });
    nextId += 1;
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const input = (
    overrides: Partial<OpenChangeInput> = {},
  ): OpenChangeInput => ({
    requestId: `${nextId}`,
    policySourceUrl: sourceUrl,
    branch: `netseal/request-${nextId}`,
    title: 'Let checkout reach web',
    body: 'Reason: checkout calls web',
    labels: ['netseal'],
    files: [{ path: 'web.yaml', content: 'kind: A2\n' }],
    requester,
    ...overrides,
  });

  const filesOf = (ref: string) =>
    git(repo, 'ls-tree', '-r', '--name-only', ref).split('\n');
  const show = (spec: string) => git(repo, 'show', spec);
  const commitsOn = (branch: string) =>
    Number(git(repo, 'rev-list', '--count', `main..${branch}`));

  /** A commit on main made by hand, as someone working in the repository would. */
  function commitOnMain(file: string, content: string) {
    fs.writeFileSync(path.join(repo, file), content);
    git(repo, 'commit', '-q', '-am', `edit ${file}`);
  }

  it('supports file: URLs below the allowed folders only', () => {
    expect(provider.supports(sourceUrl)).toBe(true);
    expect(provider.supports(pathToFileURL(os.tmpdir()).toString())).toBe(
      false,
    );
    expect(provider.supports('https://github.com/acme/policies')).toBe(false);
  });

  it('opens a branch from the base branch with one commit of exactly the files, authored by the requester', async () => {
    const ref = await provider.openChange(
      input({
        files: [
          { path: 'web.yaml', content: 'kind: A2\n' },
          { path: 'shop/new.yaml', content: 'kind: N\n' },
        ],
      }),
    );

    expect(ref).toEqual({
      providerId: 'local',
      policySourceUrl: sourceUrl,
      branch: `netseal/request-${nextId}`,
      changeId: `${nextId}`,
      url: `${pathToFileURL(repo)}?branch=netseal/request-${nextId}`,
    });
    expect(commitsOn(ref.branch)).toBe(1);
    expect(git(repo, 'diff', '--name-status', `main..${ref.branch}`)).toBe(
      'A\tprod-eu/shop/new.yaml\nM\tprod-eu/web.yaml',
    );
    expect(show(`${ref.branch}:prod-eu/web.yaml`)).toBe('kind: A2');
    expect(show(`${ref.branch}:prod-eu/shop/new.yaml`)).toBe('kind: N');
    expect(git(repo, 'log', '-1', '--format=%an|%ae|%s', ref.branch)).toBe(
      'user:default/jane|jane@netseal.invalid|Let checkout reach web',
    );
  });

  it("leaves the user's working tree, index and checked-out branch alone", async () => {
    fs.writeFileSync(path.join(repo, 'README.md'), '# my uncommitted edit\n');
    git(repo, 'add', 'README.md');
    const statusBefore = git(repo, 'status', '--porcelain');

    await provider.openChange(input());

    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(
      fs.readFileSync(path.join(repo, 'prod-eu', 'web.yaml'), 'utf8'),
    ).toBe('kind: A\n');
    expect(git(repo, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
  });

  it('answers a retry with the same change and no second commit', async () => {
    const first = await provider.openChange(input());
    const head = git(repo, 'rev-parse', first.branch);

    const retry = await provider.openChange(input());

    expect(retry).toEqual(first);
    expect(git(repo, 'rev-parse', first.branch)).toBe(head);
    expect(commitsOn(first.branch)).toBe(1);
  });

  it('deletes a file given without content', async () => {
    const ref = await provider.openChange(
      input({ files: [{ path: 'db.yaml', content: null }] }),
    );

    expect(filesOf(ref.branch)).toEqual(['README.md', 'prod-eu/web.yaml']);
  });

  it('refuses a change that changes nothing, and leaves no branch or request behind', async () => {
    await expect(
      provider.openChange(
        input({ files: [{ path: 'web.yaml', content: 'kind: A\n' }] }),
      ),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect(git(repo, 'branch', '--list', 'netseal/*')).toBe('');
    expect(fs.existsSync(path.join(repo, '.git', 'netseal'))).toBe(false);
  });

  it.each([
    ['../README.md', 'parent folder'],
    ['shop/../../README.md', 'parent folder further down'],
    ['/etc/passwd', 'absolute'],
    ['C:/x.yaml', 'drive letter'],
    ['.git/hooks/pre-commit', 'git folder'],
    ['a\\..\\b.yaml', 'backslashes'],
  ])('refuses the file path %s (%s) and writes nothing', async filePath => {
    await expect(
      provider.openChange(
        input({ files: [{ path: filePath, content: 'kind: X\n' }] }),
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('files[0].path'),
    });
    expect(git(repo, 'branch', '--list', 'netseal/*')).toBe('');
  });

  it.each([
    ['web.yaml/inner.yaml', 'a file'],
    ['shop', 'a folder'],
  ])(
    'refuses the file path %s, which would replace %s of the same name',
    async filePath => {
      fs.mkdirSync(path.join(repo, 'prod-eu', 'shop'));
      fs.writeFileSync(path.join(repo, 'prod-eu', 'shop', 'db.yaml'), 'x\n');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'a folder');

      await expect(
        provider.openChange(
          input({ files: [{ path: filePath, content: 'kind: X\n' }] }),
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('would replace'),
      });
      expect(git(repo, 'branch', '--list', 'netseal/*')).toBe('');
    },
  );

  it.each(['-x', 'a..b', 'refs/heads/x', 'a b', 'x@{1}'])(
    'refuses the branch name %s',
    async branch => {
      await expect(
        provider.openChange(input({ branch })),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('branch'),
      });
    },
  );

  it('refuses a branch that exists but is not the request’s', async () => {
    git(repo, 'branch', `netseal/request-${nextId}`);

    await expect(provider.openChange(input())).rejects.toMatchObject({
      name: 'ChangeProviderError',
      kind: 'conflict',
    });
  });

  describe('reviews and merge', () => {
    let ref: ChangeRef;
    beforeEach(async () => {
      ref = await provider.openChange(input());
    });

    it('is open, with no approvals, after opening', async () => {
      await expect(provider.getChange(ref, rules)).resolves.toMatchObject({
        state: 'open',
        approvals: 0,
        requiredApprovals: 1,
        url: ref.url,
        headSha: git(repo, 'rev-parse', ref.branch),
      });
    });

    it("refuses the requester's own approval and request for changes, as GitHub does, and records neither", async () => {
      await expect(
        provider.approve(ref, 'user:default/jane'),
      ).rejects.toMatchObject({
        name: 'ChangeProviderError',
        kind: 'forbidden',
        message:
          'user:default/jane filed request ' +
          `${nextId} and cannot approve their own request; another reviewer decides, or the requester closes it`,
      });
      await expect(
        provider.reject(ref, 'user:default/jane', 'never mind'),
      ).rejects.toMatchObject({
        kind: 'forbidden',
        message: expect.stringContaining(
          'cannot request changes on their own request',
        ),
      });

      await expect(provider.getChange(ref, rules)).resolves.toMatchObject({
        state: 'open',
        approvals: 0,
        reviews: [],
      });
    });

    it('is approved by another reviewer’s approval of the head, keeping their comment', async () => {
      await provider.approve(
        ref,
        'user:default/ana',
        ' port matches checkout ',
      );

      await expect(provider.getChange(ref, rules)).resolves.toMatchObject({
        state: 'approved',
        approvals: 1,
        reviews: [
          {
            reviewer: 'user:default/ana',
            counted: true,
            comment: 'port matches checkout',
          },
        ],
      });
    });

    it('voids an approval when the branch gets another commit', async () => {
      await provider.approve(ref, 'user:default/ana');

      await provider.openChange(
        input({ files: [{ path: 'web.yaml', content: 'kind: A3\n' }] }),
      );

      expect(commitsOn(ref.branch)).toBe(2);
      await expect(provider.getChange(ref, rules)).resolves.toMatchObject({
        state: 'open',
        approvals: 0,
        reviews: [{ reviewer: 'user:default/ana', counted: false }],
      });
    });

    it('withdraws an approval when the same reviewer rejects, keeping the reason', async () => {
      await provider.approve(ref, 'user:default/ana');
      await provider.reject(ref, 'user:default/ana', 'port 8080 is too wide');

      const state = await provider.getChange(ref, rules);
      expect(state).toMatchObject({ state: 'open', approvals: 0 });
      expect(state.reviews[1]).toMatchObject({
        decision: 'changes-requested',
        comment: 'port 8080 is too wide',
      });
    });

    it('refuses to merge without enough approvals, and leaves main as it was', async () => {
      const main = git(repo, 'rev-parse', 'main');

      await expect(provider.merge(ref, rules)).rejects.toMatchObject({
        name: 'ChangeProviderError',
        kind: 'forbidden',
        message: expect.stringContaining('0 of the 1 approvals'),
      });
      expect(git(repo, 'rev-parse', 'main')).toBe(main);
    });

    it('fast-forwards main when approved and main has not moved', async () => {
      const head = git(repo, 'rev-parse', ref.branch);
      await provider.approve(ref, 'user:default/ana');

      await expect(provider.merge(ref, rules)).resolves.toEqual({
        mergeCommitSha: head,
      });
      expect(git(repo, 'rev-parse', 'main')).toBe(head);
      await expect(provider.getChange(ref, rules)).resolves.toMatchObject({
        state: 'merged',
      });
    });

    it('makes a merge commit when main moved elsewhere, keeping both changes', async () => {
      commitOnMain('README.md', '# policies, edited\n');
      await provider.approve(ref, 'user:default/ana');

      const { mergeCommitSha } = await provider.merge(ref, rules);

      expect(git(repo, 'rev-parse', 'main')).toBe(mergeCommitSha);
      expect(
        git(repo, 'rev-list', '--parents', '-1', 'main').split(' '),
      ).toHaveLength(3);
      expect(show('main:prod-eu/web.yaml')).toBe('kind: A2');
      expect(show('main:README.md')).toBe('# policies, edited');
    });

    it('refuses with a conflict when main moved so that the change no longer applies', async () => {
      commitOnMain('prod-eu/web.yaml', 'kind: Z\n');
      const main = git(repo, 'rev-parse', 'main');
      await provider.approve(ref, 'user:default/ana');

      await expect(provider.merge(ref, rules)).rejects.toMatchObject({
        name: 'ChangeProviderError',
        kind: 'conflict',
      });
      expect(git(repo, 'rev-parse', 'main')).toBe(main);
    });

    it('answers a reopened merged request with its change and commits nothing', async () => {
      await provider.approve(ref, 'user:default/ana');
      await provider.merge(ref, rules);
      const main = git(repo, 'rev-parse', 'main');

      await expect(provider.openChange(input())).resolves.toEqual(ref);
      expect(git(repo, 'rev-parse', 'main')).toBe(main);
    });

    it('closes the change: deletes its branch, keeps its head, and refuses reviews and merges after', async () => {
      const head = git(repo, 'rev-parse', ref.branch);
      await provider.approve(ref, 'user:default/ana');

      await provider.close(ref, { closedBy: 'user:default/ana' });

      expect(git(repo, 'branch', '--list', ref.branch)).toBe('');
      await expect(provider.getChange(ref, rules)).resolves.toMatchObject({
        state: 'closed',
        headSha: head,
      });
      await expect(
        provider.approve(ref, 'user:default/bo'),
      ).rejects.toMatchObject({
        kind: 'conflict',
        message: expect.stringContaining('is closed'),
      });
      await expect(provider.merge(ref, rules)).rejects.toMatchObject({
        kind: 'conflict',
      });
      await expect(provider.openChange(input())).rejects.toMatchObject({
        kind: 'conflict',
        message: expect.stringContaining('was closed by user:default/ana'),
      });
      expect(git(repo, 'branch', '--list', ref.branch)).toBe('');
    });

    it('closes a closed change again without complaint', async () => {
      await provider.close(ref, { closedBy: 'user:default/ana' });

      await expect(
        provider.close(ref, { closedBy: 'user:default/bo' }),
      ).resolves.toBeUndefined();
    });

    it('refuses to close a merged change, in the portal or by git, and keeps its branch', async () => {
      await provider.approve(ref, 'user:default/ana');
      await provider.merge(ref, rules);

      await expect(
        provider.close(ref, { closedBy: 'user:default/ana' }),
      ).rejects.toMatchObject({
        kind: 'conflict',
        message: expect.stringContaining('a merged change cannot be closed'),
      });

      const other = await provider.openChange(
        input({
          requestId: `${nextId}b`,
          branch: `netseal/request-${nextId}b`,
          files: [{ path: 'db.yaml', content: 'kind: B2\n' }],
        }),
      );
      git(repo, 'merge', '-q', '--ff-only', other.branch);
      await expect(
        provider.close(other, { closedBy: 'user:default/ana' }),
      ).rejects.toMatchObject({ kind: 'conflict' });
      expect(git(repo, 'branch', '--list', other.branch)).toContain(
        other.branch,
      );
    });

    it('is closed when its branch was deleted without a merge', async () => {
      git(repo, 'branch', '-D', ref.branch);

      await expect(provider.getChange(ref, rules)).resolves.toMatchObject({
        state: 'closed',
      });
    });
  });

  it('answers not-found for a change it never opened', async () => {
    await expect(
      provider.getChange(
        {
          providerId: 'local',
          policySourceUrl: sourceUrl,
          branch: 'netseal/request-404',
          changeId: '404',
          url: '',
        },
        rules,
      ),
    ).rejects.toMatchObject({ name: 'ChangeProviderError', kind: 'not-found' });
  });
});
