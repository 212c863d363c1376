import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';

const execFileAsync = promisify(execFile);
/** The most output a git run may give before it is cut off as an error. */
export const MAX_GIT_OUTPUT = 64 * 1024 * 1024;

/** Options of one git run beyond its arguments. */
export interface GitRunOptions {
  /** Extra environment, on top of the backend's own (e.g. `GIT_INDEX_FILE`). */
  env?: Record<string, string>;
  /** Given to git's standard input. */
  input?: string;
}

/** Runs git in `cwd` and answers its trimmed standard output. */
export async function git(
  cwd: string,
  args: string[],
  options: GitRunOptions = {},
): Promise<string> {
  if (options.input === undefined) {
    const { stdout } = await execFileAsync('git', args, {
      cwd,
      maxBuffer: MAX_GIT_OUTPUT,
      env: options.env ? { ...process.env, ...options.env } : undefined,
    });
    return stdout.trim();
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd,
        maxBuffer: MAX_GIT_OUTPUT,
        env: options.env ? { ...process.env, ...options.env } : undefined,
      },
      (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
    );
    child.stdin?.end(options.input);
  });
}

/** The work tree holding `target`: the nearest folder with a `.git`, as git finds it. */
export async function findWorkTree(
  target: string,
): Promise<string | undefined> {
  for (let dir = target; ; dir = path.dirname(dir)) {
    if (
      await fs.promises.stat(path.join(dir, '.git')).then(
        () => true,
        () => false,
      )
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

/** The folders below which local Git repositories may be used: `netseal.localGitReader.allow`. */
export function readLocalGitAllowList(config: Config): string[] {
  return (
    config.getOptionalStringArray('netseal.localGitReader.allow') ?? []
  ).map(root => path.resolve(root));
}

/** Whether `url` is a `file:` URL at or below one of the allowed folders. */
export function isAllowedLocalGitUrl(roots: string[], url: URL): boolean {
  if (url.protocol !== 'file:') {
    return false;
  }
  const target = path.resolve(fileURLToPath(url));
  return roots.some(
    root => target === root || target.startsWith(root + path.sep),
  );
}

/** A `file:` policy source URL resolved to its repository on disk. */
export interface LocalGitLocation {
  /** The work tree holding the target. */
  workTree: string;
  /** The target relative to the work tree, with `/` separators; `''` for its root. */
  subpath: string;
  /** The `ref` query parameter, if the URL names one. */
  ref?: string;
}

/**
 * Resolves `file:///abs/path/inside/repo[?ref=<branch|tag|sha>]` to its work tree, the
 * path inside it and the ref it names, refusing refs that git would take for options.
 */
export async function locateLocalGitUrl(
  url: string,
): Promise<LocalGitLocation> {
  const parsed = new URL(url);
  const target = path.resolve(fileURLToPath(parsed));
  const ref = parsed.searchParams.get('ref') ?? undefined;
  if (ref?.startsWith('-')) {
    throw new InputError(
      `ref "${ref}" in ${url} is not a branch, tag or commit; a ref cannot start with "-"`,
    );
  }
  const workTree = await findWorkTree(target);
  if (!workTree) {
    throw new NotFoundError(`${url} is not inside a Git work tree`);
  }
  const subpath = path.relative(workTree, target).split(path.sep).join('/');
  return { workTree, subpath, ref };
}
