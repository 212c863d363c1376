import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ChangeProviderError,
  changeAuthor,
  ChangeRef,
  ChangeRequester,
  ChangeReview,
  ChangeState,
  CloseChangeOptions,
  GetChangeOptions,
  GetMergedChangeOptions,
  markCountedApprovals,
  MergedChange,
  NetsealChangeProvider,
  OpenChangeInput,
  resolveChangeFilePath,
  resolveChangeFiles,
  describeLiveRemovals,
} from '@netseal/backstage-plugin-netseal-node';
import {
  git,
  isAllowedLocalGitUrl,
  locateLocalGitUrl,
  readLocalGitAllowList,
} from './localGitRepository';

const PROVIDER_ID = 'local';
// The request id names a file under .git/netseal, so it is held to a safe alphabet.
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const NETSEAL_IDENT = { name: 'Netseal', email: 'netseal@netseal.invalid' };

/** What the provider keeps about a change, in `.git/netseal/requests/<id>.json`. */
interface LocalChangeRecord {
  requestId: string;
  branch: string;
  baseBranch: string;
  title: string;
  body: string;
  labels: string[];
  requester: ChangeRequester;
  createdAt: string;
  /** The branch's head after the provider's last commit to it. */
  headSha?: string;
  reviews: ChangeReview[];
  merged?: {
    headSha: string;
    mergeCommitSha: string;
    at: string;
    /** Who merged it in the portal. */
    by?: string;
  };
  /** Comments added to the change, such as a rollout's outcome. */
  comments?: { body: string; at: string }[];
  /** Closed in the portal without a merge; its branch is then deleted. */
  closed?: {
    /** The branch's head when it was closed, kept as the branch goes. */
    headSha?: string;
    at: string;
    by: string;
  };
}

interface Repository {
  workTree: string;
  subpath: string;
  ref?: string;
  recordFolder: string;
}

// Writes of one record are serialised, also across provider instances of one backend.
const recordLocks = new Map<string, Promise<unknown>>();

function withRecordLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const previous = recordLocks.get(file) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  recordLocks.set(file, settled);
  settled.then(() => {
    if (recordLocks.get(file) === settled) recordLocks.delete(file);
  });
  return next;
}

function identityEnv(
  author: { name: string; email: string },
  committer: { name: string; email: string },
): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}

function exitCode(error: unknown): unknown {
  return (error as { code?: unknown }).code;
}

/**
 * Replacement requests as branches of a Git repository on the backend's disk, reviewed
 * in the portal: the embedded default for `yarn start` and the demo, and a real choice
 * for teams whose Git host has no integration yet. It serves the `file:` policy sources
 * below `netseal.localGitReader.allow`, the ones {@link LocalGitUrlReader} reads.
 *
 * Everything goes through git's plumbing, so the user's working tree and index are
 * never touched. Note that a merge moves the base branch; if that branch is checked
 * out, `git status` then shows the merged change as staged to be undone until the user
 * runs `git reset --keep HEAD` (or `git checkout .`), as after a push from elsewhere.
 *
 * Each change's request, reviews and merge are kept as a small JSON file under
 * `.git/netseal/requests/`, rather than in git notes: a review belongs to the request,
 * not to a commit (the same commit can head two requests' branches), the file never
 * shows in `git log` or travels with a push of the notes, and reading one file is one
 * system call instead of a git process per change.
 *
 * @public
 */
export class LocalGitChangeProvider implements NetsealChangeProvider {
  readonly id = PROVIDER_ID;
  readonly #roots: string[];
  readonly #now: () => Date;

  static fromConfig(config: Config): LocalGitChangeProvider {
    return new LocalGitChangeProvider({ allow: readLocalGitAllowList(config) });
  }

  constructor(options: { allow: string[]; now?: () => Date }) {
    this.#roots = options.allow.map(root => path.resolve(root));
    this.#now = options.now ?? (() => new Date());
  }

  supports(policySourceUrl: string): boolean {
    try {
      return isAllowedLocalGitUrl(this.#roots, new URL(policySourceUrl));
    } catch {
      return false;
    }
  }

  async openChange(input: OpenChangeInput): Promise<ChangeRef> {
    const requestId = this.#checkRequestId(input.requestId, 'requestId');
    const repository = await this.#repository(input.policySourceUrl);
    const branch = await this.#checkBranch(repository.workTree, input.branch);
    const liveRemovals = input.liveRemovals ?? [];
    const files = resolveChangeFiles(
      repository.subpath,
      input.files,
      liveRemovals,
    );
    const file = this.#recordFile(repository, requestId);

    return withRecordLock(file, async () => {
      const existing = await this.#readRecord(file);
      if (existing && existing.branch !== branch) {
        throw new ChangeProviderError(
          'conflict',
          `request ${requestId} already has branch ${existing.branch}; retry it with that branch, not ${branch}`,
        );
      }
      const branchTip = await this.#tip(repository.workTree, branch);
      if (!existing && branchTip) {
        throw new ChangeProviderError(
          'conflict',
          `branch ${branch} already exists in ${repository.workTree} and is not request ${requestId}'s; delete the branch or name another one`,
        );
      }
      const record: LocalChangeRecord = existing ?? {
        requestId,
        branch,
        baseBranch: await this.#baseBranch(repository, branch),
        title: input.title,
        body: input.body,
        labels: input.labels,
        requester: input.requester,
        createdAt: this.#now().toISOString(),
        reviews: [],
      };
      const ref = this.#ref(repository, input.policySourceUrl, record);
      if (record.merged) {
        return ref;
      }
      if (record.closed) {
        throw new ChangeProviderError(
          'conflict',
          `request ${requestId} was closed by ${record.closed.by}; file a new request instead`,
        );
      }
      const parent =
        branchTip ??
        (await this.#tip(repository.workTree, record.baseBranch)) ??
        '';
      if (!parent) {
        throw new ChangeProviderError(
          'not-found',
          `base branch ${record.baseBranch} of ${repository.workTree} has no commit; commit the policy source first`,
        );
      }
      const parentTree = await git(repository.workTree, [
        'rev-parse',
        `${parent}^{tree}`,
      ]);
      const tree = await this.#treeWith(repository.workTree, parentTree, files);
      // A removal of live objects Git never held changes no file: its commit is empty
      // and its message is the record, as `git commit --allow-empty` would make it.
      if (tree === parentTree && liveRemovals.length === 0) {
        if (branchTip) {
          return ref;
        }
        throw new InputError(
          `files change nothing in ${input.policySourceUrl} on ${record.baseBranch}; request a change that differs from the sealed policies`,
        );
      }
      if (branchTip && tree === parentTree) {
        return ref;
      }
      // Recorded before the branch exists, so that a crash in between leaves a request
      // the retry resumes rather than a branch nobody owns.
      if (!existing) {
        await this.#writeRecord(file, record);
      }
      const commit = await git(
        repository.workTree,
        [
          'commit-tree',
          '--no-gpg-sign',
          tree,
          '-p',
          parent,
          '-m',
          [input.title, describeLiveRemovals(liveRemovals), input.body]
            .filter(Boolean)
            .join('\n\n'),
        ],
        {
          env: identityEnv(changeAuthor(input.requester), NETSEAL_IDENT),
        },
      );
      await this.#moveRef(repository.workTree, `refs/heads/${branch}`, {
        to: commit,
        from: branchTip,
      });
      await this.#writeRecord(file, { ...record, headSha: commit });
      return ref;
    });
  }

  async getChange(
    ref: ChangeRef,
    options: GetChangeOptions,
  ): Promise<ChangeState> {
    const { repository, record } = await this.#load(ref);
    return this.#state(repository, record, options);
  }

  /**
   * The merged change as the repository holds it now: merged by the portal, or by git
   * itself (the branch's tip reached the base branch), with the files at the commit that
   * merged it. Portal approvals were given with `netseal.request.review`, so every
   * reviewer may write here.
   */
  async getMergedChange(
    ref: ChangeRef,
    options: GetMergedChangeOptions,
  ): Promise<MergedChange> {
    const { repository, record } = await this.#load(ref);
    const { workTree } = repository;
    const state = await this.#state(repository, record, options);
    const baseTip = await this.#tip(workTree, record.baseBranch);
    // Merged outside the portal: the base branch's tip holds it.
    const mergeCommitSha =
      state.state !== 'merged'
        ? undefined
        : record.merged?.mergeCommitSha ?? baseTip;
    const mergeCommitOnBase =
      mergeCommitSha !== undefined &&
      baseTip !== undefined &&
      (await this.#isAncestor(workTree, mergeCommitSha, baseTip));
    const files: Record<string, string | null> = {};
    if (mergeCommitSha) {
      for (const [index, filePath] of options.paths.entries()) {
        const repositoryPath = resolveChangeFilePath(
          repository.subpath,
          filePath,
          `paths[${index}]`,
        );
        const listed = await git(workTree, [
          'ls-tree',
          mergeCommitSha,
          '--',
          repositoryPath,
        ]);
        files[filePath] = listed
          ? await git(workTree, ['show', `${mergeCommitSha}:${repositoryPath}`])
          : null;
      }
    }
    return {
      state: state.state,
      baseBranch: record.baseBranch,
      ...(state.state === 'merged' ? { mergedInto: record.baseBranch } : {}),
      mergeCommitOnBase,
      ...(mergeCommitSha ? { mergeCommitSha } : {}),
      headSha: state.headSha,
      ...(record.merged?.by ? { mergedBy: record.merged.by } : {}),
      ...(record.merged?.at ? { mergedAt: record.merged.at } : {}),
      reviews: state.reviews,
      approvals: state.approvals,
      files,
    };
  }

  /** Keeps the comment with the change's record; the portal shows the request's history. */
  async commentOnChange(ref: ChangeRef, body: string): Promise<void> {
    const { file } = await this.#locate(ref);
    await withRecordLock(file, async () => {
      const record = await this.#mustReadRecord(file, ref);
      await this.#writeRecord(file, {
        ...record,
        comments: [
          ...(record.comments ?? []),
          { body, at: this.#now().toISOString() },
        ],
      });
    });
  }

  /**
   * Records `reviewer`'s approval of the change's current head, with their comment. It
   * counts until the branch gets another commit; the requester's own is refused.
   */
  async approve(
    ref: ChangeRef,
    reviewer: string,
    comment?: string,
  ): Promise<ChangeReview> {
    return this.#review(
      ref,
      reviewer,
      'approved',
      comment?.trim() || undefined,
    );
  }

  /**
   * Records that `reviewer` asks for changes, with the reason; it withdraws their
   * earlier approval.
   */
  async reject(
    ref: ChangeRef,
    reviewer: string,
    reason: string,
  ): Promise<ChangeReview> {
    if (!reason.trim()) {
      throw new InputError(
        'reason is empty; say what the requester should change',
      );
    }
    return this.#review(ref, reviewer, 'changes-requested', reason.trim());
  }

  /**
   * Merges the change into its base branch, fast-forward when the base has not moved,
   * with a merge commit otherwise, and only with at least `requiredApprovals` (at
   * least 1) counted approvals. Merging a merged change answers the same merge.
   */
  async merge(
    ref: ChangeRef,
    options: GetChangeOptions & { mergedBy?: string },
  ): Promise<{ mergeCommitSha: string }> {
    if (
      !Number.isInteger(options.requiredApprovals) ||
      options.requiredApprovals < 1
    ) {
      throw new InputError(
        `requiredApprovals is ${options.requiredApprovals}; a merge needs at least 1 approval by someone other than the requester`,
      );
    }
    const { repository, file } = await this.#locate(ref);
    return withRecordLock(file, async () => {
      const record = await this.#mustReadRecord(file, ref);
      if (record.merged) {
        return { mergeCommitSha: record.merged.mergeCommitSha };
      }
      const state = await this.#state(repository, record, options);
      if (state.state === 'merged' || state.state === 'closed') {
        throw new ChangeProviderError(
          'conflict',
          `request ${record.requestId} is ${state.state}; only an open change can be merged`,
        );
      }
      if (state.approvals < options.requiredApprovals) {
        throw new ChangeProviderError(
          'forbidden',
          `request ${record.requestId} has ${state.approvals} of the ${options.requiredApprovals} approvals it needs; approvals by the requester or given before the last commit do not count`,
        );
      }
      const { workTree } = repository;
      const baseTip = await this.#tip(workTree, record.baseBranch);
      if (!baseTip) {
        throw new ChangeProviderError(
          'not-found',
          `base branch ${record.baseBranch} no longer exists in ${workTree}; recreate it to merge`,
        );
      }
      const mergeCommitSha = (await this.#isAncestor(
        workTree,
        baseTip,
        state.headSha,
      ))
        ? state.headSha
        : await this.#mergeCommit(workTree, record, baseTip, state.headSha);
      await this.#moveRef(workTree, `refs/heads/${record.baseBranch}`, {
        to: mergeCommitSha,
        from: baseTip,
      });
      await this.#writeRecord(file, {
        ...record,
        merged: {
          headSha: state.headSha,
          mergeCommitSha,
          at: this.#now().toISOString(),
          ...(options.mergedBy ? { by: options.mergedBy } : {}),
        },
      });
      return { mergeCommitSha };
    });
  }

  /**
   * Closes the change without merging it: records who closed it, then deletes its branch
   * (its head stays in the record), so no stale request branch is left behind. Closing
   * a closed change only deletes a branch a crash left; closing a merged one is a
   * conflict.
   */
  async close(ref: ChangeRef, options: CloseChangeOptions): Promise<void> {
    const { repository, file } = await this.#locate(ref);
    const { workTree } = repository;
    await withRecordLock(file, async () => {
      const record = await this.#mustReadRecord(file, ref);
      const tip = await this.#tip(workTree, record.branch);
      if (!record.closed) {
        if (
          record.merged ||
          (tip && (await this.#mergedElsewhere(workTree, record, tip)))
        ) {
          throw new ChangeProviderError(
            'conflict',
            `request ${record.requestId} is merged; a merged change cannot be closed`,
          );
        }
        const headSha = tip ?? record.headSha;
        await this.#writeRecord(file, {
          ...record,
          closed: {
            ...(headSha ? { headSha } : {}),
            at: this.#now().toISOString(),
            by: options.closedBy,
          },
        });
      }
      if (tip) {
        await git(workTree, ['update-ref', '--stdin'], {
          input: `delete refs/heads/${record.branch} ${tip}\n`,
        }).catch(error => {
          throw new ChangeProviderError(
            'conflict',
            `branch ${record.branch} in ${workTree} moved while Netseal deleted it; close the request again`,
            { cause: error },
          );
        });
      }
    });
  }

  async #mergeCommit(
    workTree: string,
    record: LocalChangeRecord,
    baseTip: string,
    headSha: string,
  ): Promise<string> {
    let tree: string;
    try {
      tree = (
        await git(workTree, ['merge-tree', '--write-tree', baseTip, headSha])
      ).split('\n')[0];
    } catch (error) {
      if (exitCode(error) === 1) {
        throw new ChangeProviderError(
          'conflict',
          `branch ${record.branch} conflicts with ${record.baseBranch}, which moved since the request; file the request again against the current policies`,
          { cause: error },
        );
      }
      throw error;
    }
    return git(
      workTree,
      [
        'commit-tree',
        '--no-gpg-sign',
        tree,
        '-p',
        baseTip,
        '-p',
        headSha,
        '-m',
        `Merge ${record.branch}: ${record.title}`,
      ],
      { env: identityEnv(NETSEAL_IDENT, NETSEAL_IDENT) },
    );
  }

  async #review(
    ref: ChangeRef,
    reviewer: string,
    decision: ChangeReview['decision'],
    comment?: string,
  ): Promise<ChangeReview> {
    if (!reviewer.trim()) {
      throw new InputError('reviewer is empty; name the reviewing user');
    }
    const { repository, file } = await this.#locate(ref);
    return withRecordLock(file, async () => {
      const record = await this.#mustReadRecord(file, ref);
      // As GitHub refuses it ("Can not approve your own pull request"), rather than
      // keeping a review that could never count.
      if (
        reviewer.trim().toLocaleLowerCase('en-US') ===
        record.requester.userEntityRef.toLocaleLowerCase('en-US')
      ) {
        throw new ChangeProviderError(
          'forbidden',
          `${reviewer.trim()} filed request ${record.requestId} and cannot ${
            decision === 'approved' ? 'approve' : 'request changes on'
          } their own request; another reviewer decides, or the requester closes it`,
        );
      }
      const headSha =
        record.merged || record.closed
          ? undefined
          : await this.#tip(repository.workTree, record.branch);
      if (!headSha) {
        throw new ChangeProviderError(
          'conflict',
          `request ${record.requestId} is ${
            record.merged ? 'merged' : 'closed'
          }; only an open change can be reviewed`,
        );
      }
      const review: ChangeReview = {
        reviewer: reviewer.trim(),
        decision,
        commitSha: headSha,
        at: this.#now().toISOString(),
        ...(comment ? { comment } : {}),
      };
      await this.#writeRecord(file, {
        ...record,
        reviews: [...record.reviews, review],
      });
      return review;
    });
  }

  async #state(
    repository: Repository,
    record: LocalChangeRecord,
    options: GetChangeOptions,
  ): Promise<ChangeState> {
    const { workTree } = repository;
    const url = this.#url(workTree, record.branch);
    const tip = record.closed
      ? undefined
      : await this.#tip(workTree, record.branch);
    const headSha =
      record.merged?.headSha ??
      tip ??
      record.closed?.headSha ??
      record.headSha ??
      '';
    const reviews = markCountedApprovals({
      reviews: record.reviews,
      headSha,
      requester: options.requester,
    });
    const approvals = reviews.filter(review => review.counted).length;
    let state: ChangeState['state'];
    if (record.merged) {
      state = 'merged';
    } else if (!tip) {
      state = 'closed';
    } else if (await this.#mergedElsewhere(workTree, record, tip)) {
      state = 'merged';
    } else {
      state =
        approvals >= options.requiredApprovals && approvals > 0
          ? 'approved'
          : 'open';
    }
    return {
      state,
      url,
      reviews,
      headSha,
      approvals,
      requiredApprovals: options.requiredApprovals,
    };
  }

  /** Whether someone merged the branch with git itself, outside the portal. */
  async #mergedElsewhere(
    workTree: string,
    record: LocalChangeRecord,
    tip: string,
  ): Promise<boolean> {
    const baseTip = await this.#tip(workTree, record.baseBranch);
    return baseTip !== undefined && this.#isAncestor(workTree, tip, baseTip);
  }

  async #isAncestor(
    workTree: string,
    ancestor: string,
    descendant: string,
  ): Promise<boolean> {
    try {
      await git(workTree, [
        'merge-base',
        '--is-ancestor',
        ancestor,
        descendant,
      ]);
      return true;
    } catch (error) {
      if (exitCode(error) === 1) return false;
      throw error;
    }
  }

  /** The tree of `baseTree` with `files` written, built in a throwaway index. */
  async #treeWith(
    workTree: string,
    baseTree: string,
    files: { path: string; content: string | null }[],
  ): Promise<string> {
    // Nothing to write, as for a change that only removes live objects Git never held.
    if (files.length === 0) return baseTree;
    const folder = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'netseal-index-'),
    );
    const env = { GIT_INDEX_FILE: path.join(folder, 'index') };
    try {
      await git(workTree, ['read-tree', baseTree], { env });
      const noObject = '0'.repeat(baseTree.length);
      const entries: string[] = [];
      for (const file of files) {
        if (file.content === null) {
          entries.push(`0 ${noObject}\t${file.path}`);
        } else {
          const blob = await git(
            workTree,
            ['hash-object', '-w', '--no-filters', '--stdin'],
            { input: file.content },
          );
          entries.push(`100644 ${blob}\t${file.path}`);
        }
      }
      await git(workTree, ['update-index', '--index-info'], {
        env,
        input: `${entries.join('\n')}\n`,
      });
      const tree = await git(workTree, ['write-tree'], { env });
      await this.#checkOnlyFilesChanged(workTree, baseTree, tree, files);
      return tree;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(
        `files cannot be written into the policy source: ${
          (error as Error).message
        }`,
        error,
      );
    } finally {
      await fs.promises.rm(folder, { recursive: true, force: true });
    }
  }

  /**
   * Git's index silently lets a file replace a folder of the same name and the other
   * way round; a change must never delete files it does not name.
   */
  async #checkOnlyFilesChanged(
    workTree: string,
    baseTree: string,
    tree: string,
    files: { path: string }[],
  ) {
    const named = new Set(files.map(file => file.path));
    const changed = await git(workTree, [
      'diff-tree',
      '-r',
      '-z',
      '--name-only',
      '--no-renames',
      baseTree,
      tree,
    ]);
    const unnamed = changed
      .split('\0')
      .find(changedPath => changedPath && !named.has(changedPath));
    if (unnamed !== undefined) {
      const culprit = files.find(
        file =>
          unnamed.startsWith(`${file.path}/`) ||
          file.path.startsWith(`${unnamed}/`),
      );
      throw new InputError(
        `files path ${
          culprit?.path ?? ''
        } would replace ${unnamed}, a file or folder of the same name; delete it explicitly or choose another path`,
      );
    }
  }

  /** Points `ref` at `to` only if it still is at `from` (absent: it must not exist). */
  async #moveRef(
    workTree: string,
    ref: string,
    { to, from }: { to: string; from?: string },
  ) {
    try {
      await git(workTree, ['update-ref', '--stdin'], {
        input: from ? `update ${ref} ${to} ${from}\n` : `create ${ref} ${to}\n`,
      });
    } catch (error) {
      throw new ChangeProviderError(
        'conflict',
        `${ref} in ${workTree} moved while Netseal updated it; try again`,
        { cause: error },
      );
    }
  }

  /** The commit a branch points at, or undefined when there is no such branch. */
  async #tip(workTree: string, branch: string): Promise<string | undefined> {
    try {
      return await git(workTree, [
        'rev-parse',
        '--verify',
        '--quiet',
        `refs/heads/${branch}^{commit}`,
      ]);
    } catch (error) {
      if (exitCode(error) === 1) return undefined;
      throw error;
    }
  }

  /** The branch the source's `ref` names, or the branch checked out at HEAD. */
  async #baseBranch(repository: Repository, branch: string): Promise<string> {
    const { workTree, ref } = repository;
    let base: string;
    if (ref) {
      base = ref.replace(/^refs\/heads\//, '');
      if (!(await this.#tip(workTree, base))) {
        throw new InputError(
          `ref "${ref}" of the policy source is not a branch of ${workTree}; a change needs a base branch to merge into`,
        );
      }
    } else {
      try {
        base = (
          await git(workTree, ['symbolic-ref', '--quiet', 'HEAD'])
        ).replace(/^refs\/heads\//, '');
      } catch (error) {
        throw new InputError(
          `HEAD of ${workTree} is not on a branch; check out the base branch or name it with ?ref= in the policy source URL`,
          error,
        );
      }
    }
    if (base === branch) {
      throw new InputError(
        `branch ${branch} is the policy source's base branch; name a branch of its own for the request`,
      );
    }
    return base;
  }

  async #repository(policySourceUrl: string): Promise<Repository> {
    if (!this.supports(policySourceUrl)) {
      throw new InputError(
        `policySourceUrl ${policySourceUrl} is not a file: URL below netseal.localGitReader.allow; add its repository there or use another provider`,
      );
    }
    const location = await locateLocalGitUrl(policySourceUrl);
    const commonDir = await git(location.workTree, [
      'rev-parse',
      '--path-format=absolute',
      '--git-common-dir',
    ]);
    return {
      ...location,
      recordFolder: path.join(commonDir, 'netseal', 'requests'),
    };
  }

  async #locate(ref: ChangeRef) {
    if (ref.providerId !== PROVIDER_ID) {
      throw new InputError(
        `change ${ref.changeId} belongs to provider ${ref.providerId}, not ${PROVIDER_ID}`,
      );
    }
    const requestId = this.#checkRequestId(ref.changeId, 'changeId');
    const repository = await this.#repository(ref.policySourceUrl);
    return { repository, file: this.#recordFile(repository, requestId) };
  }

  async #load(ref: ChangeRef) {
    const { repository, file } = await this.#locate(ref);
    return { repository, record: await this.#mustReadRecord(file, ref) };
  }

  #recordFile(repository: Repository, requestId: string): string {
    return path.join(repository.recordFolder, `${requestId}.json`);
  }

  async #readRecord(file: string): Promise<LocalChangeRecord | undefined> {
    try {
      return JSON.parse(
        await fs.promises.readFile(file, 'utf8'),
      ) as LocalChangeRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async #mustReadRecord(
    file: string,
    ref: ChangeRef,
  ): Promise<LocalChangeRecord> {
    const record = await this.#readRecord(file);
    if (!record) {
      throw new ChangeProviderError(
        'not-found',
        `no local change ${ref.changeId} for ${ref.policySourceUrl}; open it first`,
      );
    }
    return record;
  }

  /** Written whole to a temporary file and renamed, so a crash never leaves half a record. */
  async #writeRecord(file: string, record: LocalChangeRecord) {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(
      temporary,
      `${JSON.stringify(record, null, 2)}\n`,
    );
    await fs.promises.rename(temporary, file);
  }

  #ref(
    repository: Repository,
    policySourceUrl: string,
    record: LocalChangeRecord,
  ): ChangeRef {
    return {
      providerId: PROVIDER_ID,
      policySourceUrl,
      branch: record.branch,
      changeId: record.requestId,
      url: this.#url(repository.workTree, record.branch),
    };
  }

  #url(workTree: string, branch: string): string {
    return `${pathToFileURL(workTree)}?branch=${encodeURIComponent(
      branch,
    ).replace(/%2F/g, '/')}`;
  }

  #checkRequestId(requestId: string, field: string): string {
    if (!REQUEST_ID.test(requestId)) {
      throw new InputError(
        `${field} "${requestId}" is not a request id; use up to 100 letters, digits, "-" and "_"`,
      );
    }
    return requestId;
  }

  async #checkBranch(workTree: string, branch: string): Promise<string> {
    const valid =
      !branch.startsWith('-') &&
      (await git(workTree, ['check-ref-format', '--branch', branch]).then(
        () => true,
        () => false,
      ));
    if (!valid || branch.startsWith('refs/') || branch.includes('@{')) {
      throw new InputError(
        `branch "${branch}" is not a valid branch name; use one like netseal/request-12`,
      );
    }
    return branch;
  }
}
