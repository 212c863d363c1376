import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createServiceFactory,
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  ReadTreeResponseFactory,
  ReadUrlResponseFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import {
  InputError,
  NotFoundError,
  NotImplementedError,
  NotModifiedError,
} from '@backstage/errors';

const execFileAsync = promisify(execFile);
const MAX_GIT_OUTPUT = 64 * 1024 * 1024;

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    maxBuffer: MAX_GIT_OUTPUT,
  });
  return stdout.trim();
}

/**
 * Reads the committed content of a Git repository on the backend's disk, as a Git host
 * would serve it, for teams whose Git host has no Backstage integration and for the
 * embedded demo. URLs: `file:///abs/path/inside/repo[?ref=<branch|tag|sha>]` (HEAD by
 * default). The ETag is the commit SHA, so an unchanged tree costs one `git rev-parse`.
 * Uncommitted edits stay invisible, exactly as on a Git host.
 *
 * Only repositories below `netseal.localGitReader.allow` are read; any other `file:` URL
 * falls through to Backstage's "reading is not allowed" answer.
 *
 * @public
 */
export class LocalGitUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const roots = (
      config.getOptionalStringArray('netseal.localGitReader.allow') ?? []
    ).map(root => path.resolve(root));
    if (roots.length === 0) {
      return [];
    }
    const reader = new LocalGitUrlReader(treeResponseFactory);
    const predicate = (url: URL) => {
      if (url.protocol !== 'file:') {
        return false;
      }
      const target = path.resolve(fileURLToPath(url));
      return roots.some(
        root => target === root || target.startsWith(root + path.sep),
      );
    };
    return [{ reader, predicate }];
  };

  readonly #trees: ReadTreeResponseFactory;

  constructor(trees: ReadTreeResponseFactory) {
    this.#trees = trees;
  }

  async #resolve(url: string) {
    const parsed = new URL(url);
    const target = fileURLToPath(parsed);
    const ref = parsed.searchParams.get('ref') ?? 'HEAD';
    if (ref.startsWith('-')) {
      throw new InputError(
        `ref "${ref}" in ${url} is not a branch, tag or commit; a ref cannot start with "-"`,
      );
    }
    // git needs an existing directory to run in; the URL may name a file.
    const cwd = await fs.promises
      .stat(target)
      .then(stat => (stat.isDirectory() ? target : path.dirname(target)))
      .catch(() => path.dirname(target));
    let repoRoot: string;
    try {
      repoRoot = await git(cwd, ['rev-parse', '--show-toplevel']);
    } catch (error) {
      throw new NotFoundError(`${url} is not inside a Git work tree`, error);
    }
    const subpath = path.relative(repoRoot, target).split(path.sep).join('/');
    let sha: string;
    try {
      sha = await git(repoRoot, ['rev-parse', '--verify', `${ref}^{commit}`]);
    } catch (error) {
      throw new NotFoundError(
        `${url}: no commit "${ref}" in ${repoRoot}; commit the policy source or name an existing ref`,
        error,
      );
    }
    return { repoRoot, subpath, sha };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { repoRoot, subpath, sha } = await this.#resolve(url);
    if (options?.etag && options.etag === sha) {
      throw new NotModifiedError();
    }
    const child = spawn(
      'git',
      ['archive', '--format=tar', sha, '--', subpath || '.'],
      { cwd: repoRoot },
    );
    return this.#trees.fromTarArchive({
      stream: child.stdout,
      etag: sha,
      subpath: subpath || undefined,
      // git archive has no top-level folder to strip
      stripFirstDirectory: false,
      filter: options?.filter,
    });
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { repoRoot, subpath, sha } = await this.#resolve(url);
    let blob: string;
    try {
      blob = await git(repoRoot, [
        'rev-parse',
        '--verify',
        `${sha}:${subpath}`,
      ]);
    } catch (error) {
      throw new NotFoundError(`${subpath} does not exist at ${sha}`, error);
    }
    if (options?.etag && options.etag === blob) {
      throw new NotModifiedError();
    }
    const { stdout } = await execFileAsync('git', ['cat-file', 'blob', blob], {
      cwd: repoRoot,
      encoding: 'buffer',
      maxBuffer: MAX_GIT_OUTPUT,
    });
    return ReadUrlResponseFactory.fromReadable(Readable.from([stdout]), {
      etag: blob,
    });
  }

  async search(): Promise<UrlReaderServiceSearchResponse> {
    throw new NotImplementedError(
      'LocalGitUrlReader does not search; name a directory or a file',
    );
  }

  toString() {
    return 'localGit{}';
  }
}

/**
 * Adds {@link LocalGitUrlReader} to the backend's UrlReaderService. Service factories
 * cannot come from a backend module, so add it next to the plugin:
 * `backend.add(localGitUrlReaderServiceFactory)`.
 *
 * @public
 */
export const localGitUrlReaderServiceFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalGitUrlReader.factory;
  },
});
