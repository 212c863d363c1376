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

  it('reads a committed subtree with the commit SHA as its ETag', async () => {
    const tree = await reader().readTree(urlOf('prod-eu'));

    const files = await tree.files();
    expect(files.map(file => file.path).sort()).toEqual([
      'shop/db.yaml',
      'web.yaml',
    ]);
    expect(tree.etag).toBe(git(repo, 'rev-parse', 'HEAD'));
  });

  it('answers NotModified when nothing was committed since the ETag', async () => {
    const etag = git(repo, 'rev-parse', 'HEAD');

    await expect(
      reader().readTree(urlOf('prod-eu'), { etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('ignores uncommitted edits, as a Git host would', async () => {
    fs.writeFileSync(path.join(repo, 'prod-eu', 'web.yaml'), 'kind: Edited\n');
    try {
      const tree = await reader().readTree(urlOf('prod-eu'));
      const web = (await tree.files()).find(file => file.path === 'web.yaml');
      expect((await web!.content()).toString()).toBe('kind: A\n');
    } finally {
      git(repo, 'checkout', '--', '.');
    }
  });

  it('reads one file at a ref', async () => {
    const response = await reader().readUrl(`${urlOf('README.md')}?ref=main`);

    expect((await response.buffer()).toString()).toBe('# policies\n');
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
