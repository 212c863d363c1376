import { Readable } from 'node:stream';
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
import { GitObjectReader } from './GitObjectReader';
import {
  git,
  isAllowedLocalGitUrl,
  locateLocalGitUrl,
  MAX_GIT_OUTPUT,
  readLocalGitAllowList,
} from './localGitRepository';

// Objects found at a path of a commit; a commit's content never changes, so entries
// are never stale, only dropped (oldest first) to bound memory.
const MAX_REMEMBERED_OBJECTS = 10_000;

/** A tree entry's mode: a file (plain or executable), a folder. Links and submodules are left out. */
const FILE_MODES = new Set(['100644', '100755', '644', '755']);
const TREE_MODE = '40000';

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
 * sees those. Objects are read through one long-running `git cat-file --batch` per
 * repository, not a process per read, so reading a hundred sources starts a handful of
 * processes, not hundreds.
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
  /** Object id and type (or undefined: no such path) by work tree, commit and path. */
  readonly #objects = new Map<
    string,
    { oid: string; type: string } | undefined
  >();
  /** One reader of objects per repository. */
  readonly #readers = new Map<string, GitObjectReader>();

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
    const object = await this.#objectAt(workTree, commit, subpath);
    if (!object) {
      throw new NotFoundError(
        `${url}: ${subpath} is not in commit ${commit} ("${ref}") of ${workTree}; commit it there or correct the URL`,
      );
    }
    return { workTree, objectId: object.oid, type: object.type };
  }

  #reader(workTree: string): GitObjectReader {
    let reader = this.#readers.get(workTree);
    if (!reader) {
      reader = new GitObjectReader(workTree);
      this.#readers.set(workTree, reader);
    }
    return reader;
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
  ): Promise<{ oid: string; type: string } | undefined> {
    const key = `${workTree}\0${commit}\0${subpath}`;
    if (this.#objects.has(key)) {
      return this.#objects.get(key);
    }
    const found = await this.#reader(workTree).read(`${commit}:${subpath}`, 0);
    const object = found && { oid: found.oid, type: found.type };
    if (this.#objects.size >= MAX_REMEMBERED_OBJECTS) {
      this.#objects.delete(this.#objects.keys().next().value!);
    }
    this.#objects.set(key, object);
    return object;
  }

  /**
   * Every file below a tree, read object by object, with the paths the filter keeps. It
   * fails, rather than ending short, when an object cannot be read: an empty source must
   * never stand for one that could not be read.
   */
  async #filesOf(
    workTree: string,
    treeId: string,
    url: string,
    filter?: UrlReaderServiceReadTreeOptions['filter'],
  ): Promise<Array<{ path: string; data: Readable }>> {
    const reader = this.#reader(workTree);
    const files: Array<{ path: string; data: Readable }> = [];
    let total = 0;
    const visit = async (oid: string, prefix: string): Promise<void> => {
      const tree = await reader.read(oid, MAX_GIT_OUTPUT);
      if (!tree?.content || tree.type !== 'tree') {
        throw new Error(`${url}: tree ${oid} of ${workTree} cannot be read`);
      }
      const hashBytes = oid.length / 2;
      const content = tree.content;
      let at = 0;
      while (at < content.length) {
        const space = content.indexOf(0x20, at);
        const nul = content.indexOf(0, space);
        const mode = content.toString('utf8', at, space);
        const name = content.toString('utf8', space + 1, nul);
        const entry = content.toString('hex', nul + 1, nul + 1 + hashBytes);
        at = nul + 1 + hashBytes;
        const path = `${prefix}${name}`;
        if (mode === TREE_MODE) {
          await visit(entry, `${path}/`);
          continue;
        }
        if (!FILE_MODES.has(mode)) continue;
        const blob = await reader.read(entry, MAX_GIT_OUTPUT - total);
        if (!blob) {
          throw new Error(`${url}: ${path} (${entry}) cannot be read`);
        }
        if (filter && !filter(path, { size: blob.size })) continue;
        if (!blob.content) {
          throw new InputError(
            `${url} holds more than ${MAX_GIT_OUTPUT} bytes of files; keep policy sources small`,
          );
        }
        total += blob.size;
        files.push({ path, data: Readable.from([blob.content]) });
      }
    };
    await visit(treeId, '');
    return files;
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { workTree, objectId, type } = await this.#resolve(url);
    if (options?.etag && options.etag === objectId) {
      throw new NotModifiedError();
    }
    if (type !== 'tree') {
      throw new InputError(
        `${url} is a file; name the folder of the policy source`,
      );
    }
    const response = await this.#trees.fromReadableArray(
      await this.#filesOf(workTree, objectId, url, options?.filter),
    );
    response.etag = objectId;
    return response;
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { workTree, objectId, type } = await this.#resolve(url);
    if (options?.etag && options.etag === objectId) {
      throw new NotModifiedError();
    }
    if (type !== 'blob') {
      throw new InputError(`${url} is not a file; name a file to read`);
    }
    const blob = await this.#reader(workTree).read(objectId, MAX_GIT_OUTPUT);
    if (!blob?.content) {
      throw new InputError(
        `${url} is larger than ${MAX_GIT_OUTPUT} bytes or cannot be read`,
      );
    }
    return ReadUrlResponseFactory.fromReadable(Readable.from([blob.content]), {
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
