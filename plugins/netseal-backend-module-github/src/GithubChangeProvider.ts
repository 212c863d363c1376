import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import {
  ChangeFile,
  ChangeProviderConnection,
  ChangeProviderError,
  ChangeRef,
  ChangeReview,
  changeAuthor,
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
  LiveRemoval,
} from '@netseal/backstage-plugin-netseal-node';
import type { EventsService } from '@backstage/plugin-events-node';
import { Octokit } from '@octokit/rest';
import { subscribeToGithubChangeEvents } from './githubChangeEvents';
import {
  githubErrorToChangeProviderError,
  GithubRequestTimeout,
} from './githubErrorToChangeProviderError';
import {
  GithubPolicySource,
  parseGithubPolicySourceUrl,
} from './parseGithubPolicySourceUrl';

const PROVIDER_ID = 'github';
const DEFAULT_TIMEOUT_MS = 30_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** GitHub refuses longer issue comments with 422. */
const COMMENT_MAX_CHARS = 65536;
/** Roles that may push to the repository, by the legacy `permission` or `role_name`. */
const WRITE_ROLES = new Set(['admin', 'maintain', 'write']);

/** One repository, with a client holding fresh credentials for it. */
interface Session {
  source: GithubPolicySource;
  octokit: Octokit;
  repository: string;
  call<T>(step: string, work: () => Promise<T>): Promise<T>;
}

type PullRequest = Awaited<ReturnType<Octokit['pulls']['get']>>['data'];
type ListedPullRequest = Awaited<
  ReturnType<Octokit['pulls']['list']>
>['data'][number];

interface TreeEntry {
  path: string;
  mode: '100644';
  type: 'blob';
  content?: string;
  sha?: null;
}

/** Options of {@link GithubChangeProvider}. @public */
export interface GithubChangeProviderOptions {
  /** The `integrations` config, read with `ScmIntegrations.fromConfig`. */
  integrations: ScmIntegrationRegistry;
  /** Defaults to `DefaultGithubCredentialsProvider.fromIntegrations(integrations)`. */
  credentialsProvider?: GithubCredentialsProvider;
  /** How long one call to GitHub may take before it fails as `timeout`; 30 s by default. */
  timeoutMs?: number;
  /**
   * Where `@backstage/plugin-events-backend-module-github` publishes the repository's
   * webhooks; without it, changes are followed by the backend's poll alone.
   */
  events?: EventsService;
  /** Required with `events`, for the events that could not be followed. */
  logger?: LoggerService;
  now?: () => Date;
}

function status(error: unknown): number | undefined {
  const value = (error as { status?: unknown } | null)?.status;
  return typeof value === 'number' ? value : undefined;
}

/** Git's rules for a branch name, kept to the characters a request's branch needs. */
function isBranchName(branch: string): boolean {
  return (
    /^[A-Za-z0-9._/-]{1,200}$/.test(branch) &&
    !branch.startsWith('-') &&
    !branch.startsWith('refs/') &&
    branch
      .split('/')
      .every(
        segment =>
          segment !== '' &&
          !segment.startsWith('.') &&
          !segment.endsWith('.') &&
          !segment.endsWith('.lock'),
      ) &&
    !branch.includes('..')
  );
}

function decisionOf(state: string): ChangeReview['decision'] | undefined {
  switch (state) {
    case 'APPROVED':
      return 'approved';
    case 'CHANGES_REQUESTED':
      return 'changes-requested';
    case 'COMMENTED':
      return 'commented';
    // A dismissed review withdraws the reviewer's decision until they review again, as
    // on GitHub; read as a non-approval it never lets an earlier approval count again.
    case 'DISMISSED':
      return 'changes-requested';
    default:
      // PENDING reviews are drafts only their author sees.
      return undefined;
  }
}

/**
 * Replacement requests as GitHub pull requests, on github.com and GitHub Enterprise:
 * one branch per request with one commit of the resealed manifests, made through Git's
 * data API so nothing is cloned, then the pull request with Netseal's labels.
 * Credentials are the `integrations.github` entry for the policy source's host, a
 * GitHub App or a token.
 *
 * Opening is idempotent by the branch: a retry finds the pull request or the branch of
 * an earlier try and resumes from there.
 *
 * @public
 */
export class GithubChangeProvider implements NetsealChangeProvider {
  readonly id = PROVIDER_ID;
  readonly #options: GithubChangeProviderOptions;
  readonly #integrations: ScmIntegrationRegistry;
  readonly #credentials: GithubCredentialsProvider;
  readonly #timeoutMs: number;
  readonly #now: () => Date;

  static fromConfig(
    config: Config,
    options: Omit<GithubChangeProviderOptions, 'integrations'> = {},
  ): GithubChangeProvider {
    return new GithubChangeProvider({
      ...options,
      integrations: ScmIntegrations.fromConfig(config),
    });
  }

  constructor(options: GithubChangeProviderOptions) {
    this.#options = options;
    this.#integrations = options.integrations;
    this.#credentials =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Follows pull request and review webhooks, when events were given: each names a pull
   * request whose request the backend reads again from GitHub at once.
   */
  async connect(connection: ChangeProviderConnection): Promise<void> {
    const { events, logger } = this.#options;
    if (!events || !logger) return;
    await subscribeToGithubChangeEvents({
      events,
      logger,
      refresh: matches =>
        connection.refresh(
          ref => ref.providerId === PROVIDER_ID && matches(ref),
        ),
    });
  }

  supports(policySourceUrl: string): boolean {
    try {
      return this.#integrations.github.byUrl(policySourceUrl) !== undefined;
    } catch {
      return false;
    }
  }

  async openChange(input: OpenChangeInput): Promise<ChangeRef> {
    const session = await this.#session(input.policySourceUrl);
    const { source, octokit, call } = session;
    const { owner, repo } = source;
    if (!isBranchName(input.branch)) {
      throw new InputError(
        `branch "${input.branch}" is not a valid branch name; use one like netseal/request-12`,
      );
    }
    const { branch } = input;
    const liveRemovals = input.liveRemovals ?? [];
    const entries = this.#treeEntries(source.path, input.files, liveRemovals);

    const existing = await this.#findPullRequest(session, branch);
    if (existing) {
      await this.#addMissingLabels(session, existing, input.labels);
      return this.#ref(input.policySourceUrl, branch, existing);
    }

    const baseBranch = await this.#baseBranch(session);
    if (baseBranch === branch) {
      throw new InputError(
        `branch ${branch} is the policy source's base branch; name a branch of its own for the request`,
      );
    }

    const resumed = await this.#resumableBranchHead(session, branch, entries);
    if (!resumed) {
      const baseSha = await this.#branchSha(session, baseBranch);
      if (!baseSha) {
        throw new ChangeProviderError(
          'not-found',
          `base branch ${baseBranch} does not exist in ${session.repository}; fix the branch in the policy source URL`,
        );
      }
      const baseTree = await this.#commitTree(session, baseSha);
      const tree = await this.#tree(session, baseTree, entries);
      // A removal of live objects Git never held changes no file: the commit has the
      // base tree, and its message is the record.
      if (tree === baseTree && liveRemovals.length === 0) {
        throw new InputError(
          `files change nothing in ${input.policySourceUrl} on ${baseBranch}; request a change that differs from the sealed policies`,
        );
      }
      const commit = await call('creating the commit', async () => {
        const { data } = await octokit.git.createCommit({
          owner,
          repo,
          message: [
            input.title,
            describeLiveRemovals(liveRemovals),
            `Netseal replacement request ${input.requestId}.`,
          ]
            .filter(Boolean)
            .join('\n\n'),
          tree,
          parents: [baseSha],
          author: {
            ...changeAuthor(input.requester),
            date: this.#now().toISOString(),
          },
        });
        return data.sha;
      });
      await this.#createBranch(session, branch, commit, entries);
    }

    const pullRequest = await this.#createPullRequest(session, {
      title: input.title,
      body: input.body,
      branch,
      baseBranch,
    });
    await this.#addMissingLabels(session, pullRequest, input.labels);
    return this.#ref(input.policySourceUrl, branch, pullRequest);
  }

  async getChange(
    ref: ChangeRef,
    options: GetChangeOptions,
  ): Promise<ChangeState> {
    const pullNumber = this.#pullNumber(ref);
    const session = await this.#session(ref.policySourceUrl);
    const pullRequest = await this.#readPullRequest(session, pullNumber);
    const headSha = pullRequest.head.sha;
    const reviews = markCountedApprovals({
      reviews: await this.#readReviews(session, pullNumber),
      headSha,
      requester: options.requester,
    });
    const approvals = reviews.filter(review => review.counted).length;
    return {
      state: this.#stateOf(pullRequest, approvals, options.requiredApprovals),
      url: pullRequest.html_url,
      reviews,
      headSha,
      approvals,
      requiredApprovals: options.requiredApprovals,
    };
  }

  /**
   * Reads everything afresh from GitHub, without conditional requests, so a rollout's
   * approval check never rests on an answer GitHub gave earlier. An approval counts only
   * when its reviewer may write to the repository now, as GitHub's collaborator
   * permission says; the merged files are read at the merge commit, and the merge commit
   * is on the base branch when comparing it with the branch finds the branch ahead of
   * it or identical.
   */
  async getMergedChange(
    ref: ChangeRef,
    options: GetMergedChangeOptions,
  ): Promise<MergedChange> {
    const pullNumber = this.#pullNumber(ref);
    const session = await this.#session(ref.policySourceUrl);
    const paths = options.paths.map((path, index) => ({
      path,
      repositoryPath: resolveChangeFilePath(
        session.source.path,
        path,
        `paths[${index}]`,
      ),
    }));
    const pullRequest = await this.#readPullRequest(session, pullNumber);
    const headSha = pullRequest.head.sha;
    const reviews = await this.#withoutReadOnlyApprovals(
      session,
      markCountedApprovals({
        reviews: await this.#readReviews(session, pullNumber),
        headSha,
        requester: options.requester,
      }),
    );
    const approvals = reviews.filter(review => review.counted).length;
    const baseBranch = await this.#baseBranch(session);
    const merged = pullRequest.merged === true;
    // Before a merge GitHub names its test merge commit here, which no branch holds.
    const mergeCommitSha = merged
      ? pullRequest.merge_commit_sha ?? undefined
      : undefined;
    const files: Record<string, string | null> = {};
    if (mergeCommitSha) {
      for (const { path, repositoryPath } of paths) {
        files[path] = await this.#fileAt(
          session,
          repositoryPath,
          mergeCommitSha,
        );
      }
    }
    return {
      state: this.#stateOf(pullRequest, approvals, options.requiredApprovals),
      baseBranch,
      ...(merged ? { mergedInto: pullRequest.base.ref } : {}),
      mergeCommitOnBase: mergeCommitSha
        ? await this.#isOnBranch(session, mergeCommitSha, baseBranch)
        : false,
      ...(mergeCommitSha ? { mergeCommitSha } : {}),
      headSha,
      ...(merged && pullRequest.merged_by
        ? { mergedBy: pullRequest.merged_by.login }
        : {}),
      ...(merged && pullRequest.merged_at
        ? { mergedAt: pullRequest.merged_at }
        : {}),
      reviews,
      approvals,
      files,
    };
  }

  async commentOnChange(ref: ChangeRef, body: string): Promise<void> {
    const pullNumber = this.#pullNumber(ref);
    if (body.trim() === '') {
      throw new InputError(
        'body is empty; a comment on the pull request needs text',
      );
    }
    if (body.length > COMMENT_MAX_CHARS) {
      throw new InputError(
        `body has ${body.length} characters, more than GitHub's ${COMMENT_MAX_CHARS} for a comment; shorten it`,
      );
    }
    const { octokit, call, source } = await this.#session(ref.policySourceUrl);
    await call(`commenting on pull request #${pullNumber}`, () =>
      octokit.issues.createComment({
        owner: source.owner,
        repo: source.repo,
        issue_number: pullNumber,
        body,
      }),
    );
  }

  /**
   * Closes the pull request without merging it (`PATCH` with `state: closed`); its
   * branch stays, as when a person closes it on GitHub. GitHub records the App or token
   * as the one who closed it, so the backend comments first with the person's name.
   * A closed pull request is left as it is; a merged one is a conflict.
   */
  async close(ref: ChangeRef, _options: CloseChangeOptions): Promise<void> {
    const pullNumber = this.#pullNumber(ref);
    const session = await this.#session(ref.policySourceUrl);
    const { octokit, call, source, repository } = session;
    const pullRequest = await this.#readPullRequest(session, pullNumber);
    if (pullRequest.merged) {
      throw new ChangeProviderError(
        'conflict',
        `pull request #${pullNumber} in ${repository} is merged; a merged change cannot be closed`,
      );
    }
    if (pullRequest.state === 'closed') return;
    await call(`closing pull request #${pullNumber}`, () =>
      octokit.pulls.update({
        owner: source.owner,
        repo: source.repo,
        pull_number: pullNumber,
        state: 'closed',
      }),
    );
  }

  #pullNumber(ref: ChangeRef): number {
    if (ref.providerId !== PROVIDER_ID) {
      throw new InputError(
        `change ${ref.changeId} belongs to provider ${ref.providerId}, not ${PROVIDER_ID}`,
      );
    }
    if (!/^[1-9][0-9]{0,9}$/.test(ref.changeId)) {
      throw new InputError(
        `changeId "${ref.changeId}" is not a pull request number`,
      );
    }
    return Number(ref.changeId);
  }

  #stateOf(
    pullRequest: PullRequest,
    approvals: number,
    requiredApprovals: number,
  ): ChangeState['state'] {
    if (pullRequest.merged) return 'merged';
    if (pullRequest.state === 'closed') return 'closed';
    return approvals >= requiredApprovals && approvals > 0
      ? 'approved'
      : 'open';
  }

  async #readPullRequest(
    session: Session,
    pullNumber: number,
  ): Promise<PullRequest> {
    const { octokit, call, source } = session;
    return call(
      `reading pull request #${pullNumber}`,
      async () =>
        (
          await octokit.pulls.get({
            owner: source.owner,
            repo: source.repo,
            pull_number: pullNumber,
          })
        ).data,
    );
  }

  /** Every submitted review of the pull request, all pages, oldest first. */
  async #readReviews(
    session: Session,
    pullNumber: number,
  ): Promise<ChangeReview[]> {
    const { octokit, call, source } = session;
    const listed = await call(
      `reading the reviews of pull request #${pullNumber}`,
      () =>
        octokit.paginate(
          'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
          {
            owner: source.owner,
            repo: source.repo,
            pull_number: pullNumber,
            per_page: 100,
          },
        ),
    );
    const reviews: ChangeReview[] = [];
    for (const review of listed) {
      const decision = decisionOf(review.state);
      if (!decision || !review.submitted_at) continue;
      reviews.push({
        reviewer: review.user?.login ?? 'ghost',
        decision,
        commitSha: review.commit_id ?? '',
        at: review.submitted_at,
        ...(review.body ? { comment: review.body } : {}),
      });
    }
    return reviews.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  /**
   * The reviews with each counted approval whose reviewer may not write to the
   * repository marked `no-write-access`, asking GitHub once per reviewer.
   */
  async #withoutReadOnlyApprovals(
    session: Session,
    reviews: ChangeReview[],
  ): Promise<ChangeReview[]> {
    const mayWrite = new Map<string, boolean>();
    for (const review of reviews) {
      const login = review.reviewer.toLocaleLowerCase('en-US');
      if (review.counted && !mayWrite.has(login)) {
        mayWrite.set(login, await this.#mayWrite(session, review.reviewer));
      }
    }
    return reviews.map(review =>
      review.counted &&
      !mayWrite.get(review.reviewer.toLocaleLowerCase('en-US'))
        ? { ...review, counted: false, notCountedBecause: 'no-write-access' }
        : review,
    );
  }

  async #mayWrite(session: Session, login: string): Promise<boolean> {
    const { octokit, source, repository } = session;
    try {
      const { data } = await octokit.repos.getCollaboratorPermissionLevel({
        owner: source.owner,
        repo: source.repo,
        username: login,
      });
      return (
        WRITE_ROLES.has(data.permission) ||
        WRITE_ROLES.has(data.role_name ?? '')
      );
    } catch (error) {
      // GitHub answers 404 for someone who is not a collaborator (or no longer exists).
      if (status(error) === 404) return false;
      throw this.#mapError(
        error,
        `reading ${login}'s permission on the repository`,
        repository,
      );
    }
  }

  /** Whether `commitSha` is `branch`'s head or one of its ancestors. */
  async #isOnBranch(
    session: Session,
    commitSha: string,
    branch: string,
  ): Promise<boolean> {
    const { octokit, source, repository } = session;
    try {
      const { data } = await octokit.repos.compareCommitsWithBasehead({
        owner: source.owner,
        repo: source.repo,
        basehead: `${commitSha}...${branch}`,
        per_page: 1,
      });
      return data.status === 'ahead' || data.status === 'identical';
    } catch (error) {
      // No such branch (any more), or no common history: the commit is not on it.
      if (status(error) === 404) return false;
      throw this.#mapError(
        error,
        `comparing merge commit ${commitSha} with branch ${branch}`,
        repository,
      );
    }
  }

  /** The file's content at `commitSha`, or null when there is no file at `path` there. */
  async #fileAt(
    session: Session,
    path: string,
    commitSha: string,
  ): Promise<string | null> {
    const { octokit, source, repository, call } = session;
    const step = `reading ${path} at commit ${commitSha}`;
    let data: Awaited<ReturnType<Octokit['repos']['getContent']>>['data'];
    try {
      ({ data } = await octokit.repos.getContent({
        owner: source.owner,
        repo: source.repo,
        path,
        ref: commitSha,
      }));
    } catch (error) {
      if (status(error) === 404) return null;
      throw this.#mapError(error, step, repository);
    }
    if (Array.isArray(data) || data.type !== 'file') {
      throw new ChangeProviderError(
        'conflict',
        `${path} in ${repository} at commit ${commitSha} is a ${
          Array.isArray(data) ? 'folder' : data.type
        }, not a file; the merged change must hold each policy file as a plain file`,
      );
    }
    if (data.encoding === 'base64') {
      return Buffer.from(data.content, 'base64').toString('utf8');
    }
    // Files over 1 MB come without content; the blob API serves them up to 100 MB.
    const blob = await call(
      step,
      async () =>
        (
          await octokit.git.getBlob({
            owner: source.owner,
            repo: source.repo,
            file_sha: data.sha,
          })
        ).data,
    );
    return Buffer.from(blob.content, 'base64').toString('utf8');
  }

  /** The branch the policy source names, or the repository's default branch. */
  async #baseBranch(session: Session): Promise<string> {
    const { octokit, call, source } = session;
    return (
      source.ref ??
      call('reading the default branch', async () => {
        const { data } = await octokit.repos.get({
          owner: source.owner,
          repo: source.repo,
        });
        return data.default_branch;
      })
    );
  }

  async #findPullRequest(
    session: Session,
    branch: string,
  ): Promise<ListedPullRequest | undefined> {
    const { octokit, call, source } = session;
    const { owner, repo } = source;
    const pulls = await call(
      'looking for the pull request of an earlier try',
      async () =>
        (
          await octokit.pulls.list({
            owner,
            repo,
            head: `${owner}:${branch}`,
            state: 'all',
            per_page: 100,
          })
        ).data,
    );
    return pulls.find(pull => pull.head.ref === branch);
  }

  /**
   * The branch's head when an earlier try made it with exactly this change: one commit
   * whose tree is its parent's with `entries` written. Undefined when there is no
   * such branch; a conflict when the branch holds anything else.
   */
  async #resumableBranchHead(
    session: Session,
    branch: string,
    entries: TreeEntry[],
  ): Promise<string | undefined> {
    const head = await this.#branchSha(session, branch);
    if (!head) return undefined;
    const { octokit, call, source, repository } = session;
    const commit = await call(
      `reading branch ${branch}`,
      async () =>
        (
          await octokit.git.getCommit({
            owner: source.owner,
            repo: source.repo,
            commit_sha: head,
          })
        ).data,
    );
    const parent = commit.parents[0]?.sha;
    const expected =
      parent && commit.parents.length === 1
        ? await this.#tree(
            session,
            await this.#commitTree(session, parent),
            entries,
          )
        : undefined;
    if (expected !== commit.tree.sha) {
      throw new ChangeProviderError(
        'conflict',
        `branch ${branch} already exists in ${repository} with other content; delete the branch on GitHub or file the request again`,
      );
    }
    return head;
  }

  async #createBranch(
    session: Session,
    branch: string,
    commit: string,
    entries: TreeEntry[],
  ): Promise<string> {
    const { octokit, source, repository } = session;
    try {
      await octokit.git.createRef({
        owner: source.owner,
        repo: source.repo,
        ref: `refs/heads/${branch}`,
        sha: commit,
      });
      return commit;
    } catch (error) {
      // Another try made the branch in the meantime; it is ours only with our change.
      if (status(error) === 422) {
        const head = await this.#resumableBranchHead(session, branch, entries);
        if (head) return head;
      }
      throw this.#mapError(error, `creating branch ${branch}`, repository);
    }
  }

  async #createPullRequest(
    session: Session,
    options: {
      title: string;
      body: string;
      branch: string;
      baseBranch: string;
    },
  ): Promise<ListedPullRequest | PullRequest> {
    const { octokit, source, repository } = session;
    try {
      const { data } = await octokit.pulls.create({
        owner: source.owner,
        repo: source.repo,
        title: options.title,
        body: options.body,
        head: options.branch,
        base: options.baseBranch,
      });
      return data;
    } catch (error) {
      // "A pull request already exists": another try got there first.
      if (status(error) === 422) {
        const existing = await this.#findPullRequest(session, options.branch);
        if (existing) return existing;
      }
      throw this.#mapError(error, 'creating the pull request', repository);
    }
  }

  async #addMissingLabels(
    session: Session,
    pullRequest: ListedPullRequest | PullRequest,
    labels: string[],
  ) {
    const present = new Set(pullRequest.labels.map(label => label.name));
    const missing = labels.filter(label => !present.has(label));
    if (missing.length === 0 || pullRequest.state !== 'open') return;
    const { octokit, call, source } = session;
    await call(`labelling pull request #${pullRequest.number}`, () =>
      octokit.issues.addLabels({
        owner: source.owner,
        repo: source.repo,
        issue_number: pullRequest.number,
        labels: missing,
      }),
    );
  }

  async #branchSha(
    session: Session,
    branch: string,
  ): Promise<string | undefined> {
    const { octokit, source, repository } = session;
    try {
      const { data } = await octokit.git.getRef({
        owner: source.owner,
        repo: source.repo,
        ref: `heads/${branch}`,
      });
      return data.object.sha;
    } catch (error) {
      if (status(error) === 404) {
        // GitHub answers 404 for a missing repository too; that must not read as
        // "no branch yet".
        await session.call('reading the repository', () =>
          octokit.repos.get({ owner: source.owner, repo: source.repo }),
        );
        return undefined;
      }
      throw this.#mapError(error, `reading branch ${branch}`, repository);
    }
  }

  async #commitTree(session: Session, commitSha: string): Promise<string> {
    const { octokit, call, source } = session;
    return call(`reading commit ${commitSha}`, async () => {
      const { data } = await octokit.git.getCommit({
        owner: source.owner,
        repo: source.repo,
        commit_sha: commitSha,
      });
      return data.tree.sha;
    });
  }

  async #tree(
    session: Session,
    baseTree: string,
    entries: TreeEntry[],
  ): Promise<string> {
    // Nothing to write: the tree is the base tree, as for a change that only removes
    // live objects Git never held.
    if (entries.length === 0) return baseTree;
    const { octokit, call, source } = session;
    return call('writing the tree', async () => {
      const { data } = await octokit.git.createTree({
        owner: source.owner,
        repo: source.repo,
        base_tree: baseTree,
        tree: entries,
      });
      return data.sha;
    });
  }

  #treeEntries(
    subpath: string,
    files: ChangeFile[],
    liveRemovals: readonly LiveRemoval[],
  ): TreeEntry[] {
    return resolveChangeFiles(subpath, files, liveRemovals).map(
      ({ path, content }) =>
        content === null
          ? { path, mode: '100644', type: 'blob', sha: null }
          : { path, mode: '100644', type: 'blob', content },
    );
  }

  async #session(policySourceUrl: string): Promise<Session> {
    const integration = this.#integrations.github.byUrl(policySourceUrl);
    if (!integration) {
      throw new InputError(
        `policySourceUrl ${policySourceUrl} has no GitHub integration for its host; add it under integrations.github or use another provider`,
      );
    }
    const source = parseGithubPolicySourceUrl(policySourceUrl);
    const repository = `${source.owner}/${source.repo}`;
    let token: string | undefined;
    try {
      ({ token } = await this.#credentials.getCredentials({
        url: policySourceUrl,
      }));
    } catch (error) {
      throw new ChangeProviderError(
        'unauthorized',
        `no GitHub credentials for ${repository}: ${
          (error as Error).message
        }; install the GitHub App on ${repository} or set a token under integrations.github`,
        { cause: error },
      );
    }
    const timeoutMs = this.#timeoutMs;
    const octokit = new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      request: {
        fetch: async (url: string, init?: RequestInit) => {
          const timeout = AbortSignal.timeout(timeoutMs);
          const signal = init?.signal
            ? AbortSignal.any([init.signal, timeout])
            : timeout;
          try {
            const response = await fetch(url, { ...init, signal });
            // Read whole within the timeout, so a body that stalls also fails as one.
            const body = NULL_BODY_STATUSES.has(response.status)
              ? null
              : await response.arrayBuffer();
            return new Response(body, {
              status: response.status,
              statusText: response.statusText,
              headers: response.headers,
            });
          } catch (error) {
            if (timeout.aborted) throw new GithubRequestTimeout(timeoutMs);
            throw error;
          }
        },
      },
    });
    return {
      source,
      octokit,
      repository,
      call: async (step, work) => {
        try {
          return await work();
        } catch (error) {
          throw this.#mapError(error, step, repository);
        }
      },
    };
  }

  #mapError(error: unknown, step: string, repository: string): Error {
    if (error instanceof ChangeProviderError || error instanceof InputError) {
      return error;
    }
    return githubErrorToChangeProviderError(
      error,
      { repository, step },
      this.#now(),
    );
  }

  #ref(
    policySourceUrl: string,
    branch: string,
    pullRequest: ListedPullRequest | PullRequest,
  ): ChangeRef {
    return {
      providerId: PROVIDER_ID,
      policySourceUrl,
      branch,
      changeId: String(pullRequest.number),
      url: pullRequest.html_url,
    };
  }
}
