import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { LocalGitUrlReader } from './LocalGitUrlReader';

function git(cwd: string, ...args: string[]) {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd },
  )
    .toString()
    .trim();
}

describe('LocalGitUrlReader', () => {
  let root: string;
  let repo: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-local-git-'));
    repo = path.join(root, 'policies');
    fs.mkdirSync(path.join(repo, 'prod-eu', 'shop'), { recursive: true });
    git(root, 'init', '-q', '-b', 'main', repo);
    fs.writeFileSync(path.join(repo, 'prod-eu', 'web.yaml'), 'kind: A\n');
    fs.writeFileSync(
      path.join(repo, 'prod-eu', 'shop', 'db.yaml'),
      'kind: B\n',
    );
    fs.writeFileSync(path.join(repo, 'README.md'), '# policies\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'initial policies');
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const reader = (allow: string[] = [root]) =>
    UrlReaders.create({
      config: mockServices.rootConfig({
        data: { netseal: { localGitReader: { allow } } },
      }),
      logger: mockServices.logger.mock(),
      factories: [LocalGitUrlReader.factory],
    });

  const urlOf = (...segments: string[]) =>
    pathToFileURL(path.join(repo, ...segments)).toString();

  it('reads a committed subtree with the id of its tree as its ETag', async () => {
    const tree = await reader().readTree(urlOf('prod-eu'));

    const files = await tree.files();
    expect(files.map(file => file.path).sort()).toEqual([
      'shop/db.yaml',
      'web.yaml',
    ]);
    expect(tree.etag).toBe(git(repo, 'rev-parse', 'HEAD:prod-eu'));
  });

  it('answers NotModified when nothing was committed in the subtree since the ETag, even after a commit elsewhere', async () => {
    const sameReader = reader();
    const { etag } = await sameReader.readTree(urlOf('prod-eu'));
    fs.writeFileSync(path.join(repo, 'README.md'), '# policies, edited\n');
    git(repo, 'commit', '-q', '-am', 'edit the README');

    await expect(
      sameReader.readTree(urlOf('prod-eu'), { etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('sees a commit that changes the subtree at the next read', async () => {
    const sameReader = reader();
    const { etag } = await sameReader.readTree(urlOf('prod-eu'));
    fs.writeFileSync(path.join(repo, 'prod-eu', 'web.yaml'), 'kind: C\n');
    git(repo, 'commit', '-q', '-am', 'change a policy');

    const tree = await sameReader.readTree(urlOf('prod-eu'), { etag });

    expect(tree.etag).not.toBe(etag);
    expect(tree.etag).toBe(git(repo, 'rev-parse', 'HEAD:prod-eu'));
    const web = (await tree.files()).find(file => file.path === 'web.yaml');
    expect((await web!.content()).toString()).toBe('kind: C\n');
  });

  it('names a path that is not in the commit instead of reading it as empty', async () => {
    const head = git(repo, 'rev-parse', 'HEAD');
    await expect(reader().readTree(urlOf('prod-us'))).rejects.toMatchObject({
      name: 'NotFoundError',
      message: `${urlOf(
        'prod-us',
      )}: prod-us is not in commit ${head} ("HEAD") of ${repo}; commit it there or correct the URL`,
    });
  });

  it('reads a folder that is committed but deleted from the work tree', async () => {
    fs.rmSync(path.join(repo, 'prod-eu'), { recursive: true });
    try {
      const tree = await reader().readTree(urlOf('prod-eu', 'shop'));
      expect((await tree.files()).map(file => file.path)).toEqual(['db.yaml']);
    } finally {
      git(repo, 'checkout', '--', '.');
    }
  });

  it('says so when asked for the tree of a file', async () => {
    await expect(reader().readTree(urlOf('README.md'))).rejects.toThrow(
      `${urlOf('README.md')} is a file; name the folder of the policy source`,
    );
  });

  it('ignores uncommitted edits, as a Git host would', async () => {
    fs.writeFileSync(path.join(repo, 'prod-eu', 'web.yaml'), 'kind: Edited\n');
    try {
      const tree = await reader().readTree(urlOf('prod-eu'));
      const web = (await tree.files()).find(file => file.path === 'web.yaml');
      expect((await web!.content()).toString()).toBe(
        `${git(repo, 'show', 'HEAD:prod-eu/web.yaml')}\n`,
      );
    } finally {
      git(repo, 'checkout', '--', '.');
    }
  });

  it('reads one file at a ref, with its blob id as ETag', async () => {
    const first = git(repo, 'rev-list', '--max-parents=0', 'HEAD');
    const response = await reader().readUrl(
      `${urlOf('README.md')}?ref=${first}`,
    );

    expect((await response.buffer()).toString()).toBe('# policies\n');
    expect(response.etag).toBe(git(repo, 'rev-parse', `${first}:README.md`));
  });

  it('refuses paths outside the allowed roots', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-outside-'));
    try {
      await expect(
        reader([repo]).readTree(pathToFileURL(outside).toString()),
      ).rejects.toThrow(/not allowed/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('says a folder outside any Git work tree is not in one', async () => {
    const plain = path.join(root, 'plain');
    fs.mkdirSync(plain, { recursive: true });
    await expect(
      reader().readTree(pathToFileURL(plain).toString()),
    ).rejects.toThrow(/is not inside a Git work tree/);
  });

  it('names the missing ref', async () => {
    await expect(
      reader().readTree(`${urlOf('prod-eu')}?ref=no-such-branch`),
    ).rejects.toThrow(/no commit "no-such-branch"/);
  });

  it('refuses a ref that git would read as an option', async () => {
    await expect(
      reader().readTree(`${urlOf('prod-eu')}?ref=--output=/tmp/x`),
    ).rejects.toThrow(/cannot start with "-"/);
  });
});
