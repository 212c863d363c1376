import { execFile, spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
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
import {
  git,
  isAllowedLocalGitUrl,
  locateLocalGitUrl,
  MAX_GIT_OUTPUT,
  readLocalGitAllowList,
} from './localGitRepository';

const execFileAsync = promisify(execFile);
// Objects found at a path of a commit; a commit's content never changes, so entries
// are never stale, only dropped (oldest first) to bound memory.
const MAX_REMEMBERED_OBJECTS = 10_000;

/**
 * Reads the committed content of a Git repository on the backend's disk, as a Git host
 * would serve it, for teams whose Git host has no Backstage integration and for the
 * embedded demo. URLs: `file:///abs/path/inside/repo[?ref=<branch|tag|sha>]` (HEAD by
 * default). Uncommitted edits stay invisible, exactly as on a Git host.
 *
 * The ETag is the id of the object at the path (the tree of a folder, the blob of a
 * file), so a commit that changes the path gives a new one and a commit elsewhere in the
 * repository does not. An unchanged path costs next to nothing: overlapping reads of a
 * repository share one `git rev-parse` of the ref, and the object at a path of a commit
 * is remembered, since it never changes. A read sees every commit made before it
 * began, unless it joined a `git rev-parse` that started moments earlier; the next read
 * sees those.
 *
 * Only repositories below `netseal.localGitReader.allow` are read; any other `file:` URL
 * falls through to Backstage's "reading is not allowed" answer.
 *
 * @public
 */
export class LocalGitUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const roots = readLocalGitAllowList(config);
    if (roots.length === 0) {
      return [];
    }
    const reader = new LocalGitUrlReader(treeResponseFactory);
    const predicate = (url: URL) => isAllowedLocalGitUrl(roots, url);
    return [{ reader, predicate }];
  };

  readonly #trees: ReadTreeResponseFactory;
  /** `git rev-parse` of a ref in flight, by work tree and ref. */
  readonly #commitsInFlight = new Map<string, Promise<string>>();
  /** Object id (or undefined: no such path) by work tree, commit and path. */
  readonly #objects = new Map<string, string | undefined>();

  constructor(trees: ReadTreeResponseFactory) {
    this.#trees = trees;
  }

  async #resolve(url: string) {
    const location = await locateLocalGitUrl(url);
    const { workTree, subpath } = location;
    const ref = location.ref ?? 'HEAD';
    let commit: string;
    try {
      commit = await this.#commit(workTree, ref);
    } catch (error) {
      throw new NotFoundError(
        `${url}: no commit "${ref}" in ${workTree}; commit the policy source or name an existing ref`,
        error,
      );
    }
    const objectId = await this.#objectAt(workTree, commit, subpath);
    if (!objectId) {
      throw new NotFoundError(
        `${url}: ${subpath} is not in commit ${commit} ("${ref}") of ${workTree}; commit it there or correct the URL`,
      );
    }
    return { workTree, objectId };
  }

  /** The commit a ref names now; overlapping callers share one `git rev-parse`. */
  #commit(workTree: string, ref: string): Promise<string> {
    const key = `${workTree}\0${ref}`;
    let commit = this.#commitsInFlight.get(key);
    if (!commit) {
      commit = git(workTree, ['rev-parse', '--verify', `${ref}^{commit}`]);
      this.#commitsInFlight.set(key, commit);
      const forget = () => this.#commitsInFlight.delete(key);
      commit.then(forget, forget);
    }
    return commit;
  }

  async #objectAt(
    workTree: string,
    commit: string,
    subpath: string,
  ): Promise<string | undefined> {
    const key = `${workTree}\0${commit}\0${subpath}`;
    if (this.#objects.has(key)) {
      return this.#objects.get(key);
    }
    const objectId = await git(workTree, [
      'rev-parse',
      '--verify',
      '--quiet',
      `${commit}:${subpath}`,
    ]).catch(error => {
      // Exit code 1 is `--verify --quiet` saying there is no such path; anything else
      // (git could not run) must not be remembered as an answer.
      if ((error as { code?: unknown }).code === 1) return undefined;
      throw error;
    });
    if (this.#objects.size >= MAX_REMEMBERED_OBJECTS) {
      this.#objects.delete(this.#objects.keys().next().value!);
    }
    this.#objects.set(key, objectId);
    return objectId;
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { workTree, objectId } = await this.#resolve(url);
    if (options?.etag && options.etag === objectId) {
      throw new NotModifiedError();
    }
    // Only when the content changed: an unchanged tree stays free.
    if ((await git(workTree, ['cat-file', '-t', objectId])) !== 'tree') {
      throw new InputError(
        `${url} is a file; name the folder of the policy source`,
      );
    }
    return this.#trees.fromTarArchive({
      stream: archive(workTree, objectId, url),
      etag: objectId,
      // git archive of a tree has no top-level folder to strip
      stripFirstDirectory: false,
      filter: options?.filter,
    });
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { workTree, objectId } = await this.#resolve(url);
    if (options?.etag && options.etag === objectId) {
      throw new NotModifiedError();
    }
    let content: Buffer;
    try {
      ({ stdout: content } = await execFileAsync(
        'git',
        ['cat-file', 'blob', objectId],
        { cwd: workTree, encoding: 'buffer', maxBuffer: MAX_GIT_OUTPUT },
      ));
    } catch (error) {
      throw new InputError(`${url} is not a file; name a file to read`, error);
    }
    return ReadUrlResponseFactory.fromReadable(Readable.from([content]), {
      etag: objectId,
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
 * The tar stream of a tree. It fails, rather than ending short, when git does: an
 * empty source must never stand for one that could not be read.
 */
function archive(workTree: string, treeId: string, url: string): Readable {
  const child = spawn('git', ['archive', '--format=tar', treeId], {
    cwd: workTree,
  });
  const stream = new PassThrough();
  // Readers of the tree get the error; a response nobody reads must not crash the
  // process with an unhandled 'error' event.
  stream.on('error', () => {});
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', chunk => {
    stderr += chunk;
  });
  child.stdout.pipe(stream, { end: false });
  child.on('error', error => stream.destroy(error));
  child.on('close', code => {
    if (code === 0) {
      stream.end();
    } else {
      stream.destroy(
        new Error(
          `git archive of ${url} failed (exit code ${code}): ${stderr.trim()}`,
        ),
      );
    }
  });
  return stream;
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
