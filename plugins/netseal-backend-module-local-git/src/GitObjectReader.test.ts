import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitObjectReader } from './GitObjectReader';

function git(cwd: string, ...args: string[]) {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd },
  )
    .toString()
    .trim();
}

describe('GitObjectReader', () => {
  let repo: string;
  let reader: GitObjectReader;

  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-git-objects-'));
    git(repo, 'init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(repo, 'prod-eu'));
    fs.writeFileSync(path.join(repo, 'prod-eu', 'web.yaml'), 'kind: A\n');
    fs.writeFileSync(path.join(repo, 'big.txt'), 'x'.repeat(100_000));
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'objects');
  });

  beforeEach(() => {
    reader = new GitObjectReader(repo);
  });

  afterEach(() => reader.close());
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('reads objects by path and by id, in the order asked, through one process', async () => {
    const [tree, blob, missing] = await Promise.all([
      reader.read('HEAD:prod-eu', 1000),
      reader.read(git(repo, 'rev-parse', 'HEAD:prod-eu/web.yaml'), 1000),
      reader.read('HEAD:prod-us', 1000),
    ]);

    expect(tree).toMatchObject({
      oid: git(repo, 'rev-parse', 'HEAD:prod-eu'),
      type: 'tree',
    });
    expect(blob).toMatchObject({ type: 'blob', size: 8 });
    expect(blob?.content?.toString()).toBe('kind: A\n');
    expect(missing).toBeUndefined();
  });

  it('gives the size of an object larger than allowed, without its content, and reads on', async () => {
    const big = await reader.read('HEAD:big.txt', 1000);
    const small = await reader.read('HEAD:prod-eu/web.yaml', 1000);

    expect(big).toEqual({
      oid: git(repo, 'rev-parse', 'HEAD:big.txt'),
      type: 'blob',
      size: 100_000,
    });
    expect(small?.content?.toString()).toBe('kind: A\n');
  });

  it('refuses a name with a line break instead of sending it', async () => {
    await expect(reader.read('HEAD:a\nHEAD:b', 1000)).rejects.toThrow(
      'a Git object name cannot hold a line break',
    );
  });

  it('starts its process again after it was closed', async () => {
    await reader.read('HEAD:prod-eu', 0);
    reader.close();

    await expect(reader.read('HEAD:prod-eu', 0)).resolves.toMatchObject({
      type: 'tree',
    });
  });
});
