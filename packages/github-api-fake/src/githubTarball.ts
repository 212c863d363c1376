import { gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';

const BLOCK = 512;

function padded(content: Buffer): Buffer {
  const rest = content.length % BLOCK;
  return rest === 0
    ? content
    : Buffer.concat([content, Buffer.alloc(BLOCK - rest)]);
}

function entry(
  path: string,
  type: 'File' | 'Directory',
  mtime: Date,
  content: Buffer = Buffer.alloc(0),
): Buffer[] {
  const data = {
    path,
    type,
    mode: type === 'File' ? 0o664 : 0o775,
    size: content.length,
    mtime,
    uid: 0,
    gid: 0,
    uname: 'root',
    gname: 'root',
  };
  const header = new Header(data);
  const block = Buffer.alloc(BLOCK);
  // A path too long for ustar's fields goes in an extended header first, as git writes it.
  const needsPax = header.encode(block, 0);
  return [
    ...(needsPax ? [new Pax(data).encode()] : []),
    block,
    ...(content.length ? [padded(content)] : []),
  ];
}

/**
 * The archive GitHub serves for `GET /repos/{owner}/{repo}/tarball/{ref}`, as
 * `git archive` writes it: gzipped tar, a global header whose comment is the commit
 * sha, and every entry below one top folder `<owner>-<repo>-<short sha>/`, directories
 * before what they hold.
 */
export function githubTarball(options: {
  owner: string;
  repo: string;
  commitSha: string;
  commitDate: Date;
  files: ReadonlyMap<string, string>;
}): Buffer {
  const { owner, repo, commitSha, commitDate, files } = options;
  const top = `${owner}-${repo}-${commitSha.slice(0, 7)}/`;
  const directories = new Set<string>([top]);
  for (const path of files.keys()) {
    const segments = path.split('/').slice(0, -1);
    segments.forEach((_segment, index) =>
      directories.add(`${top}${segments.slice(0, index + 1).join('/')}/`),
    );
  }
  const paths = [
    ...[...directories].map(path => ({ path, directory: true })),
    ...[...files.keys()].map(path => ({
      path: `${top}${path}`,
      directory: false,
    })),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
  const blocks = [
    new Pax({ comment: commitSha }, true).encode(),
    ...paths.flatMap(({ path, directory }) =>
      directory
        ? entry(path, 'Directory', commitDate)
        : entry(
            path,
            'File',
            commitDate,
            Buffer.from(files.get(path.slice(top.length))!, 'utf8'),
          ),
    ),
    // The end of the archive: two empty blocks.
    Buffer.alloc(2 * BLOCK),
  ];
  return gzipSync(Buffer.concat(blocks));
}
