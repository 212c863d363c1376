import { createHash, randomBytes } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { githubTarball } from './githubTarball';
import {
  CollaboratorRole,
  collaboratorPermissionJson,
} from './fixtures/collaboratorPermissionJson';
import {
  base64Lines,
  blobJson,
  commitJson,
  gitCommitJson,
  gitRefJson,
  gitTreeJson,
} from './fixtures/gitObjectJson';
import { githubTime } from './fixtures/githubSite';
import {
  installationJson,
  installationTokenJson,
} from './fixtures/installationJson';
import { issueCommentJson } from './fixtures/issueCommentJson';
import { labelJson } from './fixtures/labelJson';
import {
  PullRequestFacts,
  pullRequestJson,
  pullRequestSimpleJson,
} from './fixtures/pullRequestJson';
import { RepositoryFacts, repositoryJson } from './fixtures/repositoryJson';
import { ReviewFacts, reviewJson } from './fixtures/reviewJson';
import {
  pullRequestEventJson,
  pullRequestReviewEventJson,
} from './fixtures/webhookPayloadJson';
import {
  GithubFlavour,
  githubFlavourOf,
  GithubRestDescription,
} from './description/GithubRestDescription';
import { recordGithubExchange } from './description/githubConformance';

/**
 * A small, faithful fake of the parts of GitHub's REST API the GitHub change provider
 * uses: repositories, Git refs, commits, trees and blobs, pull requests (with the test
 * merge commit GitHub names in `merge_commit_sha` before a merge, and the merge commit
 * after; closed and reopened by `PATCH`), their reviews (paged with `Link` headers), labels and issue comments,
 * comparisons of two commits, file contents at a ref and collaborators' permissions. It holds one repository's state, so a success path
 * really makes a branch, a commit and a pull request, and answers failures with
 * GitHub's status codes, headers and error body `{ message, documentation_url }`.
 *
 * It also serves what Backstage's `GithubUrlReader` reads a folder with: a ref's
 * combined status (for the commit sha and the repository's `archive_url`) and the
 * repository's tarball, which GitHub answers with a 302 to a short-lived codeload URL
 * (`codeload.github.com`, or `<host>/_codeload` on GitHub Enterprise Server) that
 * serves the gzipped archive.
 *
 * Trees are kept flat (path to content) and named by a hash of their entries, so two
 * trees with the same files have the same sha, as in Git.
 */

export type GithubEndpoint =
  | 'getRepo'
  | 'listPulls'
  | 'createPull'
  | 'getPull'
  | 'updatePull'
  | 'listReviews'
  | 'getRef'
  | 'createRef'
  | 'getCommit'
  | 'createCommit'
  | 'createTree'
  | 'addLabels'
  | 'getCombinedStatus'
  | 'downloadTarball'
  | 'compareCommits'
  | 'getCollaboratorPermission'
  | 'getContent'
  | 'getBlob'
  | 'createIssueComment';

/**
 * A fault for the next call of an endpoint: an error answer, or no answer at all
 * (`hang`), either before the call does anything or after it did its work (`afterWork`),
 * as when a response is lost.
 */
export type GithubFault =
  | {
      status: number;
      message: string;
      headers?: Record<string, string>;
      errors?: unknown[];
    }
  | { hang: 'beforeWork' | 'afterWork' };

export interface FakeCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  /** The head when merged or closed, which GitHub keeps after the branch is deleted. */
  headSha?: string;
  /** When it was closed, with or without a merge. */
  closedAt?: string;
  mergeCommitSha?: string;
  mergedBy?: string;
  mergedAt?: string;
  createdAt?: string;
  /** When it last changed: opened, labelled, commented, merged or closed. */
  updatedAt?: string;
}

/**
 * A collaborator's role on the repository, as `role_name` names it. GitHub's legacy
 * `permission` maps `maintain` to `write` and `triage` to `read`.
 */
export type FakeRole = CollaboratorRole;

export interface FakeComment {
  id: number;
  issueNumber: number;
  /** The comment's author: the account of the token, a GitHub App's bot here. */
  login: string;
  body: string;
  createdAt: string;
}

export interface FakeReview {
  login: string;
  state:
    | 'APPROVED'
    | 'CHANGES_REQUESTED'
    | 'COMMENTED'
    | 'DISMISSED'
    | 'PENDING';
  commitId: string;
  submittedAt: string;
  body?: string;
}

const DOCS = 'https://docs.github.com/rest';
/** The account the fake's token belongs to: a GitHub App's installation. */
const BOT_LOGIN = 'netseal-app[bot]';
/** Above this size the contents API answers `encoding: "none"` without the content. */
const CONTENTS_MAX_BYTES = 1024 * 1024;
const COMMENT_MAX_CHARS = 65536;
/** When the repository was made: before anything the tests do. */
const CREATED_AT = Date.parse('2026-01-05T09:00:00Z');
/** How long GitHub's codeload link for a private repository's archive works. */
const CODELOAD_LINK_MS = 5 * 60_000;

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Lines added and removed between two versions of a file, as a diff counts them. */
function lineChanges(
  before: string | undefined,
  after: string | undefined,
): { additions: number; deletions: number } {
  const lines = (text: string | undefined) =>
    text === undefined || text === ''
      ? []
      : text.replace(/\n$/, '').split('\n');
  const old = lines(before);
  const next = lines(after);
  // The longest common subsequence stays; everything else was added or removed.
  let previous = new Array<number>(next.length + 1).fill(0);
  for (const line of old) {
    const row = new Array<number>(next.length + 1).fill(0);
    for (let j = 1; j <= next.length; j += 1) {
      row[j] =
        line === next[j - 1]
          ? previous[j - 1] + 1
          : Math.max(previous[j], row[j - 1]);
    }
    previous = row;
  }
  const kept = previous[next.length];
  return { additions: next.length - kept, deletions: old.length - kept };
}

/**
 * GitHub's error body: a message and a link to the docs, with the field errors of a 422.
 * (GitHub now adds the status as a string too, which the description declares for
 * `basic-error` but not for `validation-error`, so the stand-in leaves it out.)
 */
function errorJson(status: number, message: string, errors?: unknown[]) {
  return HttpResponse.json(
    { message, ...(errors ? { errors } : {}), documentation_url: DOCS },
    { status },
  );
}

function notFound() {
  return errorJson(404, 'Not Found');
}

function unprocessable(message: string, errors?: unknown[]) {
  return errorJson(422, message, errors);
}

export class GithubFake {
  readonly apiBaseUrl: string;
  readonly webBaseUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readonly defaultBranch: string;
  /** Which of GitHub's descriptions the answers are held to: api.github.com's, or GHES's. */
  readonly flavour: GithubFlavour;
  /** `heads/<branch>` to commit sha. */
  readonly refs = new Map<string, string>();
  readonly commits = new Map<string, FakeCommit>();
  readonly trees = new Map<string, Map<string, string>>();
  readonly pulls: FakePull[] = [];
  readonly reviews = new Map<number, FakeReview[]>();
  /** Issue comments, oldest first; pull requests are issues on GitHub. */
  readonly comments: FakeComment[] = [];
  /** Lower-cased login to role; anyone else is not a collaborator. */
  readonly #collaborators = new Map<string, FakeRole>();
  /** Blob sha to content, as trees name their files. */
  readonly #blobs = new Map<string, string>();
  readonly #calls = new Map<GithubEndpoint, number>();
  readonly #faults = new Map<GithubEndpoint, GithubFault[]>();
  /** Codeload tokens handed out in tarball redirects, to the commit and expiry. */
  readonly #codeloadLinks = new Map<string, { sha: string; expires: number }>();
  #clock = Date.parse('2026-11-26T10:00:00Z');
  /** When the last commit was made, which GitHub shows as the repository's `pushed_at`. */
  #lastPushAt = githubTime(CREATED_AT);

  constructor(options: {
    apiBaseUrl: string;
    webBaseUrl: string;
    owner: string;
    repo: string;
    token: string;
    defaultBranch?: string;
    files: Record<string, string>;
  }) {
    this.apiBaseUrl = options.apiBaseUrl;
    this.webBaseUrl = options.webBaseUrl;
    this.owner = options.owner;
    this.repo = options.repo;
    this.token = options.token;
    this.defaultBranch = options.defaultBranch ?? 'main';
    this.flavour = githubFlavourOf(options.apiBaseUrl);
    const tree = this.#writeTree(new Map(Object.entries(options.files)));
    const commit = this.#writeCommit(tree, [], 'Initial policies');
    this.refs.set(`heads/${this.defaultBranch}`, commit);
  }

  /** Makes the next `times` calls of `endpoint` fail with `fault`. */
  fail(endpoint: GithubEndpoint, fault: GithubFault, times = 1) {
    const queue = this.#faults.get(endpoint) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.#faults.set(endpoint, queue);
  }

  /** The files on `branch`, path to content. */
  filesOn(branch: string): Record<string, string> {
    const sha = this.refs.get(`heads/${branch}`);
    if (!sha) throw new Error(`no branch ${branch}`);
    return Object.fromEntries(this.#treeOf(sha));
  }

  /** The commits on `branch` that its base branch does not have, newest first. */
  commitsAhead(branch: string, base = this.defaultBranch): FakeCommit[] {
    const baseSha = this.refs.get(`heads/${base}`);
    const ahead: FakeCommit[] = [];
    let sha = this.refs.get(`heads/${branch}`);
    while (sha && sha !== baseSha) {
      const commit = this.commits.get(sha)!;
      ahead.push(commit);
      sha = commit.parents[0];
    }
    return ahead;
  }

  /** What the commit changed against its first parent: path to new content, or null when removed. */
  filesChangedBy(commitSha: string): Record<string, string | null> {
    const commit = this.commits.get(commitSha);
    if (!commit) throw new Error(`no commit ${commitSha}`);
    const after = this.#treeOf(commitSha);
    const before = commit.parents[0]
      ? this.#treeOf(commit.parents[0])
      : new Map<string, string>();
    const changed: Record<string, string | null> = {};
    for (const [path, content] of after) {
      if (before.get(path) !== content) changed[path] = content;
    }
    for (const path of before.keys()) {
      if (!after.has(path)) changed[path] = null;
    }
    return changed;
  }

  /** Makes `branch` off the default branch with one commit writing `files`. */
  branch(branch: string, files: Record<string, string>): string {
    this.refs.set(
      `heads/${branch}`,
      this.refs.get(`heads/${this.defaultBranch}`)!,
    );
    return this.push(branch, files);
  }

  /** Pushes a commit writing `files` onto `branch`, as a person would. */
  push(branch: string, files: Record<string, string>): string {
    const parent = this.refs.get(`heads/${branch}`)!;
    const entries = new Map(this.#treeOf(parent));
    for (const [path, content] of Object.entries(files)) {
      entries.set(path, content);
    }
    const commit = this.#writeCommit(
      this.#writeTree(entries),
      [parent],
      'push',
    );
    this.refs.set(`heads/${branch}`, commit);
    return commit;
  }

  /** Adds a submitted review of the pull request's current head, or of `commitId`. */
  review(
    pullNumber: number,
    review: Omit<FakeReview, 'commitId' | 'submittedAt'> & {
      commitId?: string;
    },
  ) {
    const pull = this.pulls.find(p => p.number === pullNumber)!;
    const list = this.reviews.get(pullNumber) ?? [];
    list.push({
      ...review,
      commitId: review.commitId ?? this.refs.get(`heads/${pull.head}`)!,
      submittedAt: this.#tick(),
    });
    this.reviews.set(pullNumber, list);
  }

  /**
   * Gives `login` a role on the repository, as the collaborator permission endpoint
   * reports it. A login never given one is not a collaborator, which GitHub answers with
   * 404 Not Found.
   */
  collaborator(login: string, role: FakeRole) {
    this.#collaborators.set(login.toLocaleLowerCase('en-US'), role);
  }

  /** How many requests reached `endpoint` with valid credentials so far. */
  callsTo(endpoint: GithubEndpoint): number {
    return this.#calls.get(endpoint) ?? 0;
  }

  /**
   * Merges the open pull request as GitHub's merge button does: a merge commit on the
   * base branch, whose parents are the base's head and the pull request's head, and
   * whose tree is the base's with the pull request's changes since their merge base.
   * `into` first changes the pull request's base to that branch, as a person may before
   * merging; `deleteBranch` then deletes the head branch. Answers the merge commit's sha.
   */
  mergePullRequest(
    pullNumber: number,
    options: { mergedBy: string; into?: string; deleteBranch?: boolean },
  ): string {
    const pull = this.pulls.find(p => p.number === pullNumber);
    if (!pull || pull.state !== 'open') {
      throw new Error(`no open pull request #${pullNumber} to merge`);
    }
    if (options.into !== undefined) {
      if (!this.refs.has(`heads/${options.into}`)) {
        throw new Error(`no branch ${options.into} to merge into`);
      }
      pull.base = options.into;
    }
    const baseSha = this.refs.get(`heads/${pull.base}`)!;
    const headSha = this.refs.get(`heads/${pull.head}`)!;
    const merge = this.#writeCommit(
      this.#mergedTree(baseSha, headSha),
      [baseSha, headSha],
      `Merge pull request #${pull.number} from ${this.owner}/${pull.head}\n\n${pull.title}`,
    );
    this.refs.set(`heads/${pull.base}`, merge);
    const mergedAt = this.#tick();
    Object.assign(pull, {
      state: 'closed',
      merged: true,
      headSha,
      mergeCommitSha: merge,
      mergedBy: options.mergedBy,
      mergedAt,
      closedAt: mergedAt,
      updatedAt: mergedAt,
    });
    if (options.deleteBranch) this.refs.delete(`heads/${pull.head}`);
    return merge;
  }

  /** Closes the open pull request without merging it. */
  closePullRequest(pullNumber: number) {
    const pull = this.pulls.find(p => p.number === pullNumber);
    if (!pull || pull.state !== 'open') {
      throw new Error(`no open pull request #${pullNumber} to close`);
    }
    pull.state = 'closed';
    pull.headSha = this.refs.get(`heads/${pull.head}`);
    pull.closedAt = this.#tick();
    pull.updatedAt = pull.closedAt;
  }

  /** Points `branch` at `commitSha`, as `git push --force` does, dropping what it had. */
  forcePush(branch: string, commitSha: string) {
    if (!this.commits.has(commitSha)) throw new Error(`no commit ${commitSha}`);
    this.refs.set(`heads/${branch}`, commitSha);
  }

  /**
   * The payload GitHub delivers for the pull request's `pull_request` event `action`
   * (`closed` once it is merged or closed) done by `sender`, for `deliverGithubWebhook`.
   * `installationId` names the GitHub App installation the webhook is delivered to.
   */
  pullRequestEvent(
    pullNumber: number,
    event: { action: string; sender: string; installationId?: number },
  ) {
    const pull = this.pulls.find(p => p.number === pullNumber);
    if (!pull) throw new Error(`no pull request #${pullNumber}`);
    return pullRequestEventJson(this.#pullFacts(pull), event);
  }

  /**
   * The payload GitHub delivers for the `pull_request_review` event `action` (by default
   * `submitted`) of the pull request's latest review, whose reviewer is the sender.
   */
  pullRequestReviewEvent(
    pullNumber: number,
    event: { action?: string; installationId?: number } = {},
  ) {
    const pull = this.pulls.find(p => p.number === pullNumber);
    const reviews = this.reviews.get(pullNumber) ?? [];
    if (!pull || reviews.length === 0) {
      throw new Error(`no review of pull request #${pullNumber}`);
    }
    const index = reviews.length - 1;
    return pullRequestReviewEventJson(
      this.#pullFacts(pull),
      this.#reviewFacts(pullNumber, reviews[index], index),
      { ...event, action: event.action ?? 'submitted' },
    );
  }

  /**
   * GitHub's endpoints for a GitHub App `appId` installed on the owner's account as
   * `installationId`: listing installations with the App's JWT, and exchanging it for
   * an installation token, which is the token the repository endpoints accept.
   */
  appHandlers(options: { appId: number; installationId: number }) {
    const appJwt = (request: Request) => {
      const [, payload] = (request.headers.get('authorization') ?? '')
        .replace(/^bearer /i, '')
        .split('.');
      try {
        const claims = JSON.parse(
          Buffer.from(payload ?? '', 'base64url').toString(),
        ) as { iss?: unknown };
        return String(claims.iss) === String(options.appId);
      } catch {
        return false;
      }
    };
    const badJwt = () =>
      errorJson(401, 'A JSON web token could not be decoded');
    const installation = {
      installationId: options.installationId,
      appId: options.appId,
      appSlug: 'netseal-app',
      owner: this.owner,
    };
    return [
      http.get(`${this.apiBaseUrl}/app/installations`, ({ request }) =>
        this.#checked(
          request,
          appJwt(request)
            ? HttpResponse.json([installationJson(this.#site(), installation)])
            : badJwt(),
        ),
      ),
      http.post(
        `${this.apiBaseUrl}/app/installations/:id/access_tokens`,
        ({ request, params }) => {
          if (!appJwt(request)) return this.#checked(request, badJwt());
          if (Number(params.id) !== options.installationId) {
            return this.#checked(request, notFound());
          }
          return this.#checked(
            request,
            HttpResponse.json(installationTokenJson(this.token, Date.now()), {
              status: 201,
            }),
          );
        },
      ),
    ];
  }

  handlers() {
    const repoPath = `${this.apiBaseUrl}/repos/:owner/:repo`;
    return [
      http.get(repoPath, ({ request, params }) =>
        this.#serve('getRepo', request, params, () =>
          HttpResponse.json(repositoryJson(this.#repositoryFacts(), 'full')),
        ),
      ),
      http.get(`${repoPath}/pulls`, ({ request, params }) =>
        this.#serve('listPulls', request, params, () => {
          const url = new URL(request.url);
          const head = url.searchParams.get('head');
          const state = url.searchParams.get('state') ?? 'open';
          const pulls = this.pulls.filter(
            pull =>
              (!head || `${this.owner}:${pull.head}` === head) &&
              (state === 'all' || pull.state === state),
          );
          return HttpResponse.json(
            pulls.map(pull => pullRequestSimpleJson(this.#pullFacts(pull))),
          );
        }),
      ),
      http.post(`${repoPath}/pulls`, ({ request, params }) =>
        this.#serve('createPull', request, params, async () => {
          const input = (await request.json()) as {
            title: string;
            body?: string;
            head: string;
            base: string;
          };
          const head = input.head.replace(`${this.owner}:`, '');
          if (this.pulls.some(p => p.head === head && p.state === 'open')) {
            return unprocessable('Validation Failed', [
              {
                resource: 'PullRequest',
                code: 'custom',
                message: `A pull request already exists for ${this.owner}:${head}.`,
              },
            ]);
          }
          if (!this.refs.has(`heads/${head}`)) {
            return unprocessable('Validation Failed', [
              { resource: 'PullRequest', field: 'head', code: 'invalid' },
            ]);
          }
          if (!this.refs.has(`heads/${input.base}`)) {
            return unprocessable('Validation Failed', [
              { resource: 'PullRequest', field: 'base', code: 'invalid' },
            ]);
          }
          const openedAt = this.#tick();
          const pull: FakePull = {
            number: this.pulls.length + 1,
            title: input.title,
            body: input.body ?? '',
            head,
            base: input.base,
            state: 'open',
            merged: false,
            labels: [],
            createdAt: openedAt,
            updatedAt: openedAt,
          };
          this.pulls.push(pull);
          return HttpResponse.json(pullRequestJson(this.#pullFacts(pull)), {
            status: 201,
          });
        }),
      ),
      http.get(`${repoPath}/pulls/:number`, ({ request, params }) =>
        this.#serve('getPull', request, params, () => {
          const pull = this.pulls.find(p => p.number === Number(params.number));
          return pull
            ? HttpResponse.json(pullRequestJson(this.#pullFacts(pull)))
            : notFound();
        }),
      ),
      // GitHub's "Update a pull request": title, body and base change as given; `state`
      // closes an open pull request or reopens a closed one that was not merged. Closing
      // a closed one answers it unchanged; reopening a merged one, or one whose branch is
      // gone, is refused with 422.
      http.patch(`${repoPath}/pulls/:number`, ({ request, params }) =>
        this.#serve('updatePull', request, params, async () => {
          const pull = this.pulls.find(p => p.number === Number(params.number));
          if (!pull) return notFound();
          const input = (await request.json()) as {
            title?: unknown;
            body?: unknown;
            state?: unknown;
            base?: unknown;
          };
          if (
            input.state !== undefined &&
            input.state !== 'open' &&
            input.state !== 'closed'
          ) {
            return unprocessable('Validation Failed', [
              { resource: 'PullRequest', field: 'state', code: 'invalid' },
            ]);
          }
          if (
            typeof input.base === 'string' &&
            !this.refs.has(`heads/${input.base}`)
          ) {
            return unprocessable('Validation Failed', [
              { resource: 'PullRequest', field: 'base', code: 'invalid' },
            ]);
          }
          if (input.state === 'open' && pull.state === 'closed') {
            if (pull.merged) {
              return unprocessable('Validation Failed', [
                {
                  resource: 'PullRequest',
                  code: 'custom',
                  message:
                    'state cannot be changed. The pull request cannot be reopened because it has been merged.',
                },
              ]);
            }
            if (!this.refs.has(`heads/${pull.head}`)) {
              return unprocessable('Validation Failed', [
                {
                  resource: 'PullRequest',
                  code: 'custom',
                  message: `state cannot be changed. The ${pull.head} branch has been deleted.`,
                },
              ]);
            }
            pull.state = 'open';
            pull.headSha = undefined;
            pull.closedAt = undefined;
            pull.updatedAt = this.#tick();
          } else if (input.state === 'closed' && pull.state === 'open') {
            this.closePullRequest(pull.number);
          }
          const edited =
            typeof input.title === 'string' ||
            typeof input.body === 'string' ||
            (typeof input.base === 'string' && !pull.merged);
          if (typeof input.title === 'string') pull.title = input.title;
          if (typeof input.body === 'string') pull.body = input.body;
          if (typeof input.base === 'string' && !pull.merged) {
            pull.base = input.base;
          }
          if (edited) pull.updatedAt = this.#tick();
          return HttpResponse.json(pullRequestJson(this.#pullFacts(pull)));
        }),
      ),
      http.get(`${repoPath}/pulls/:number/reviews`, ({ request, params }) =>
        this.#serve('listReviews', request, params, () => {
          const number = Number(params.number);
          if (!this.pulls.some(p => p.number === number)) return notFound();
          const url = new URL(request.url);
          const perPage = Math.min(
            Number(url.searchParams.get('per_page') ?? 30),
            100,
          );
          const page = Number(url.searchParams.get('page') ?? 1);
          const all = this.reviews.get(number) ?? [];
          const pages = Math.max(1, Math.ceil(all.length / perPage));
          const slice = all.slice((page - 1) * perPage, page * perPage);
          const link = (p: number) => {
            const target = new URL(url);
            target.searchParams.set('per_page', String(perPage));
            target.searchParams.set('page', String(p));
            return target.toString();
          };
          const links: string[] = [];
          if (page < pages) {
            links.push(`<${link(page + 1)}>; rel="next"`);
            links.push(`<${link(pages)}>; rel="last"`);
          }
          if (page > 1) {
            links.push(`<${link(page - 1)}>; rel="prev"`);
            links.push(`<${link(1)}>; rel="first"`);
          }
          const first = (page - 1) * perPage;
          return HttpResponse.json(
            slice.map((review, index) =>
              this.#reviewJson(number, review, first + index),
            ),
            { headers: links.length ? { link: links.join(', ') } : {} },
          );
        }),
      ),
      http.get(`${repoPath}/git/ref/*`, ({ request, params }) =>
        this.#serve('getRef', request, params, () => {
          const ref = decodeURIComponent(
            new URL(request.url).pathname.split('/git/ref/')[1],
          );
          const sha = this.refs.get(ref);
          return sha
            ? HttpResponse.json(gitRefJson(this.#repository(), ref, sha))
            : notFound();
        }),
      ),
      http.post(`${repoPath}/git/refs`, ({ request, params }) =>
        this.#serve('createRef', request, params, async () => {
          const input = (await request.json()) as { ref: string; sha: string };
          if (!/^refs\/heads\/.+/.test(input.ref)) {
            return unprocessable('Reference name must start with refs/heads/');
          }
          const ref = input.ref.replace(/^refs\//, '');
          if (this.refs.has(ref)) {
            return unprocessable('Reference already exists');
          }
          if (!this.commits.has(input.sha)) {
            return unprocessable('Object does not exist');
          }
          this.refs.set(ref, input.sha);
          return HttpResponse.json(
            gitRefJson(this.#repository(), ref, input.sha),
            {
              status: 201,
            },
          );
        }),
      ),
      http.get(`${repoPath}/git/commits/:sha`, ({ request, params }) =>
        this.#serve('getCommit', request, params, () => {
          const commit = this.commits.get(String(params.sha));
          return commit
            ? HttpResponse.json(gitCommitJson(this.#repository(), commit))
            : notFound();
        }),
      ),
      http.post(`${repoPath}/git/commits`, ({ request, params }) =>
        this.#serve('createCommit', request, params, async () => {
          const input = (await request.json()) as {
            message: string;
            tree: string;
            parents: string[];
            author?: { name: string; email: string; date?: string };
          };
          if (
            !this.trees.has(input.tree) ||
            !input.parents.every(parent => this.commits.has(parent))
          ) {
            return unprocessable('Tree SHA does not exist');
          }
          const sha = this.#writeCommit(
            input.tree,
            input.parents,
            input.message,
            input.author,
          );
          return HttpResponse.json(
            gitCommitJson(this.#repository(), this.commits.get(sha)!),
            {
              status: 201,
            },
          );
        }),
      ),
      http.post(`${repoPath}/git/trees`, ({ request, params }) =>
        this.#serve('createTree', request, params, async () => {
          const input = (await request.json()) as {
            base_tree?: string;
            tree: {
              path: string;
              mode: string;
              type: string;
              content?: string;
              sha?: string | null;
            }[];
          };
          if (input.base_tree && !this.trees.has(input.base_tree)) {
            return unprocessable('Invalid tree info');
          }
          const entries = new Map(
            input.base_tree ? this.trees.get(input.base_tree) : [],
          );
          for (const entry of input.tree) {
            if (entry.mode !== '100644' || entry.type !== 'blob') {
              return unprocessable('Invalid tree info');
            }
            if (entry.sha === null) {
              if (!entries.delete(entry.path)) {
                return unprocessable('GitRPC::BadObjectState');
              }
            } else if (typeof entry.content === 'string') {
              entries.set(entry.path, entry.content);
            } else {
              return unprocessable(
                'Must supply either tree.sha or tree.content',
              );
            }
          }
          const sha = this.#writeTree(entries);
          return HttpResponse.json(
            gitTreeJson(
              this.#repository(),
              sha,
              [...entries].map(([path, content]) => ({
                path,
                sha: this.#blobSha(content),
                size: Buffer.byteLength(content),
              })),
            ),
            { status: 201 },
          );
        }),
      ),
      http.post(`${repoPath}/issues/:number/labels`, ({ request, params }) =>
        this.#serve('addLabels', request, params, async () => {
          const pull = this.pulls.find(p => p.number === Number(params.number));
          if (!pull) return notFound();
          const input = (await request.json()) as { labels: string[] };
          for (const label of input.labels) {
            if (!pull.labels.includes(label)) pull.labels.push(label);
          }
          pull.updatedAt = this.#tick();
          return HttpResponse.json(
            pull.labels.map(name =>
              labelJson(this.#site(), this.#repository(), name),
            ),
          );
        }),
      ),
      // Refs may hold slashes (`feature/x`), so the ref is the rest of the path.
      http.get(`${repoPath}/commits/*/status`, ({ request, params }) =>
        this.#serve('getCombinedStatus', request, params, () => {
          const ref = this.#pathRef(request, '/commits/').replace(
            /\/status$/,
            '',
          );
          const sha = this.#resolveRef(ref);
          if (!sha) return unprocessable(`No commit found for SHA: ${ref}`);
          // No CI reports statuses to the policy repository: GitHub says pending.
          return HttpResponse.json({
            state: 'pending',
            statuses: [],
            sha,
            total_count: 0,
            repository: repositoryJson(this.#repositoryFacts(), 'minimal'),
            commit_url: `${this.#repoUrl()}/commits/${sha}`,
            url: `${this.#repoUrl()}/commits/${sha}/status`,
          });
        }),
      ),
      // `BASE...HEAD`, where either may be a branch holding slashes.
      http.get(`${repoPath}/compare/*`, ({ request, params }) =>
        this.#serve('compareCommits', request, params, () =>
          this.#compare(request),
        ),
      ),
      http.get(
        `${repoPath}/collaborators/:username/permission`,
        ({ request, params }) =>
          this.#serve('getCollaboratorPermission', request, params, () => {
            const login = String(params.username);
            const role = this.#collaborators.get(
              login.toLocaleLowerCase('en-US'),
            );
            if (!role) return notFound();
            return HttpResponse.json(
              collaboratorPermissionJson(this.#site(), login, role),
            );
          }),
      ),
      http.get(`${repoPath}/contents/*`, ({ request, params }) =>
        this.#serve('getContent', request, params, () =>
          this.#content(request),
        ),
      ),
      http.get(`${repoPath}/git/blobs/:sha`, ({ request, params }) =>
        this.#serve('getBlob', request, params, () => {
          const sha = String(params.sha);
          const content = this.#blobs.get(sha);
          if (content === undefined) return notFound();
          return HttpResponse.json(
            blobJson(this.#repository(), sha, Buffer.from(content)),
          );
        }),
      ),
      http.post(`${repoPath}/issues/:number/comments`, ({ request, params }) =>
        this.#serve('createIssueComment', request, params, async () => {
          const issueNumber = Number(params.number);
          if (!this.pulls.some(p => p.number === issueNumber)) {
            return notFound();
          }
          const input = (await request.json()) as { body?: unknown };
          if (typeof input.body !== 'string' || input.body === '') {
            return unprocessable('Validation Failed', [
              {
                resource: 'IssueComment',
                code: 'missing_field',
                field: 'body',
              },
            ]);
          }
          if (input.body.length > COMMENT_MAX_CHARS) {
            return unprocessable('Validation Failed', [
              {
                resource: 'IssueComment',
                code: 'custom',
                field: 'body',
                message: `body is too long (maximum is ${COMMENT_MAX_CHARS} characters)`,
              },
            ]);
          }
          const comment: FakeComment = {
            id: 5000 + this.comments.length + 1,
            issueNumber,
            login: BOT_LOGIN,
            body: input.body,
            createdAt: this.#tick(),
          };
          this.comments.push(comment);
          const pull = this.pulls.find(p => p.number === issueNumber);
          if (pull) pull.updatedAt = comment.createdAt;
          return HttpResponse.json(
            issueCommentJson(this.#repository(), comment),
            { status: 201 },
          );
        }),
      ),
      http.get(`${repoPath}/tarball`, ({ request, params }) =>
        this.#serve('downloadTarball', request, params, () =>
          this.#redirectToCodeload(this.defaultBranch),
        ),
      ),
      http.get(`${repoPath}/tarball/*`, ({ request, params }) =>
        this.#serve('downloadTarball', request, params, () =>
          this.#redirectToCodeload(this.#pathRef(request, '/tarball/')),
        ),
      ),
      http.get(
        `${this.#codeloadBaseUrl()}/:owner/:repo/legacy.tar.gz/*`,
        ({ request, params }) => {
          const token = new URL(request.url).searchParams.get('token') ?? '';
          const link = this.#codeloadLinks.get(token);
          // Codeload answers a private repository's archive without a live token as missing.
          if (
            params.owner !== this.owner ||
            params.repo !== this.repo ||
            !link ||
            link.expires < Date.now()
          ) {
            return new HttpResponse('404: Not Found', {
              status: 404,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            });
          }
          const commit = this.commits.get(link.sha)!;
          const archive = githubTarball({
            owner: this.owner,
            repo: this.repo,
            commitSha: commit.sha,
            commitDate: new Date(commit.author.date),
            files: this.trees.get(commit.tree)!,
          });
          return new HttpResponse(archive, {
            headers: {
              'content-type': 'application/x-gzip',
              'content-disposition': `attachment; filename=${this.owner}-${
                this.repo
              }-${commit.sha.slice(0, 7)}.tar.gz`,
              etag: `"${commit.sha}"`,
            },
          });
        },
      ),
    ];
  }

  /** The URL-decoded rest of the request's path after `marker`. */
  #pathRef(request: Request, marker: string): string {
    const { pathname } = new URL(request.url);
    return decodeURIComponent(
      pathname.slice(pathname.indexOf(marker) + marker.length),
    );
  }

  /** The commit a branch, tag or full commit sha names, as GitHub resolves a ref. */
  #resolveRef(ref: string): string | undefined {
    return (
      this.refs.get(`heads/${ref}`) ??
      this.refs.get(`tags/${ref}`) ??
      this.refs.get(ref.replace(/^refs\//, '')) ??
      (this.commits.has(ref) ? ref : undefined)
    );
  }

  #codeloadBaseUrl(): string {
    const web = new URL(this.webBaseUrl);
    return web.host === 'github.com'
      ? 'https://codeload.github.com'
      : `${web.origin}/_codeload`;
  }

  /** GitHub's answer to a tarball download: a 302 to a short-lived codeload link. */
  #redirectToCodeload(ref: string): Response {
    const sha = this.#resolveRef(ref);
    if (!sha) return notFound();
    const token = randomBytes(20).toString('base64url');
    this.#codeloadLinks.set(token, {
      sha,
      expires: Date.now() + CODELOAD_LINK_MS,
    });
    const named = this.refs.has(`heads/${ref}`) ? `refs/heads/${ref}` : ref;
    return new HttpResponse(null, {
      status: 302,
      headers: {
        location: `${this.#codeloadBaseUrl()}/${this.owner}/${
          this.repo
        }/legacy.tar.gz/${named}?token=${token}`,
      },
    });
  }

  async #serve(
    endpoint: GithubEndpoint,
    request: Request,
    params: Record<string, string | readonly string[] | undefined>,
    work: () => Response | Promise<Response>,
  ): Promise<Response> {
    const headers = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    };
    const authorization = request.headers.get('authorization') ?? '';
    if (authorization.replace(/^(token|bearer) /i, '') !== this.token) {
      return this.#checked(request, errorJson(401, 'Bad credentials'));
    }
    this.#calls.set(endpoint, this.callsTo(endpoint) + 1);
    const fault = this.#faults.get(endpoint)?.shift();
    if (fault && 'status' in fault) {
      const response = errorJson(fault.status, fault.message, fault.errors);
      for (const [name, value] of Object.entries({
        ...headers,
        ...fault.headers,
      })) {
        response.headers.set(name, value);
      }
      return this.#checked(request, response);
    }
    if (fault?.hang === 'beforeWork') return new Promise<never>(() => {});
    if (params.owner !== this.owner || params.repo !== this.repo) {
      return this.#checked(request, notFound());
    }
    const response = await work();
    if (fault?.hang === 'afterWork') return new Promise<never>(() => {});
    for (const [name, value] of Object.entries(headers)) {
      response.headers.set(name, value);
    }
    return this.#checked(request, response);
  }

  /**
   * The response, once checked against GitHub's description of the operation the
   * request called; what does not conform is recorded, to fail the test that caused it.
   */
  async #checked(request: Request, response: Response): Promise<Response> {
    const text = await response.clone().text();
    const contentType = response.headers.get('content-type');
    let body: unknown = text === '' ? undefined : text;
    if (text !== '' && contentType?.startsWith('application/json')) {
      body = JSON.parse(text);
    }
    const apiPath = new URL(request.url).pathname.slice(
      new URL(this.apiBaseUrl).pathname.replace(/\/$/, '').length,
    );
    const check = GithubRestDescription.of(this.flavour).checkResponse({
      method: request.method,
      path: apiPath,
      status: response.status,
      contentType,
      body,
    });
    recordGithubExchange({ kind: 'response', flavour: this.flavour, ...check });
    return response;
  }

  /** GitHub's comparison of `BASE...HEAD`: how far HEAD is ahead of and behind BASE. */
  #compare(request: Request): Response {
    const basehead = this.#pathRef(request, '/compare/');
    const split = basehead.indexOf('...');
    if (split < 0) return notFound();
    const [baseName, headName] = [
      basehead.slice(0, split),
      basehead.slice(split + 3),
    ];
    const base = this.#resolveRef(baseName);
    const head = this.#resolveRef(headName);
    if (!base || !head) return notFound();
    const mergeBase = this.#mergeBase(base, head);
    if (!mergeBase) {
      return errorJson(
        404,
        `No common ancestor between ${baseName} and ${headName}.`,
      );
    }
    const ofBase = this.#ancestors(base);
    const ofHead = this.#ancestors(head);
    const ahead = [...ofHead]
      .filter(sha => !ofBase.has(sha))
      .map(sha => this.commits.get(sha)!)
      .sort((a, b) => Date.parse(a.author.date) - Date.parse(b.author.date));
    const behindBy = [...ofBase].filter(sha => !ofHead.has(sha)).length;
    let status: 'ahead' | 'behind' | 'identical' | 'diverged';
    if (ahead.length === 0) status = behindBy === 0 ? 'identical' : 'behind';
    else status = behindBy === 0 ? 'ahead' : 'diverged';
    const url = new URL(request.url);
    const perPage = Math.min(
      Number(url.searchParams.get('per_page') ?? 250),
      250,
    );
    const page = Number(url.searchParams.get('page') ?? 1);
    const before = this.#treeOf(mergeBase);
    const after = this.#treeOf(head);
    const web = `${this.webBaseUrl}/${this.owner}/${this.repo}`;
    const files = [...new Set([...before.keys(), ...after.keys()])]
      .filter(path => before.get(path) !== after.get(path))
      .map(path => {
        const content = after.get(path);
        let fileStatus = 'modified';
        if (!before.has(path)) fileStatus = 'added';
        else if (content === undefined) fileStatus = 'removed';
        const { additions, deletions } = lineChanges(before.get(path), content);
        // A removed file's links name the base, where it still exists.
        const at = content === undefined ? mergeBase : head;
        const encoded = path.split('/').map(encodeURIComponent).join('/');
        return {
          sha: this.#blobSha(content ?? before.get(path)!),
          filename: path,
          status: fileStatus,
          additions,
          deletions,
          changes: additions + deletions,
          blob_url: `${web}/blob/${at}/${encoded}`,
          raw_url: `${web}/raw/${at}/${encoded}`,
          contents_url: `${this.#repoUrl()}/contents/${encoded}?ref=${at}`,
        };
      });
    return HttpResponse.json({
      url: `${this.#repoUrl()}/compare/${basehead}`,
      html_url: `${web}/compare/${basehead}`,
      permalink_url: `${web}/compare/${this.owner}:${base.slice(0, 7)}...${
        this.owner
      }:${head.slice(0, 7)}`,
      diff_url: `${web}/compare/${basehead}.diff`,
      patch_url: `${web}/compare/${basehead}.patch`,
      base_commit: commitJson(this.#repository(), this.commits.get(base)!),
      merge_base_commit: commitJson(
        this.#repository(),
        this.commits.get(mergeBase)!,
      ),
      status,
      ahead_by: ahead.length,
      behind_by: behindBy,
      total_commits: ahead.length,
      commits: ahead
        .slice((page - 1) * perPage, page * perPage)
        .map(commit => commitJson(this.#repository(), commit)),
      files,
    });
  }

  /**
   * A file's content at `ref` (the default branch without one), base64 in lines of 60
   * as GitHub sends it; a folder's listing; or 404. Files over 1 MB come without their
   * content (`encoding: "none"`), to be read as a blob.
   */
  #content(request: Request): Response {
    const path = this.#pathRef(request, '/contents/').replace(/\/$/, '');
    const ref = new URL(request.url).searchParams.get('ref');
    const commit = this.#resolveRef(ref ?? this.defaultBranch);
    if (!commit) {
      return errorJson(404, `No commit found for the ref ${ref}`);
    }
    const files = this.#treeOf(commit);
    const content = files.get(path);
    const web = `${this.webBaseUrl}/${this.owner}/${this.repo}`;
    const entryJson = (entryPath: string, type: 'file' | 'dir') => {
      const sha =
        type === 'file'
          ? this.#blobSha(files.get(entryPath)!)
          : sha1(`dir:${commit}:${entryPath}`);
      const url = `${this.#repoUrl()}/contents/${entryPath}?ref=${
        ref ?? this.defaultBranch
      }`;
      const html = `${web}/${
        type === 'file' ? 'blob' : 'tree'
      }/${commit}/${entryPath}`;
      const git = `${this.#repoUrl()}/git/${
        type === 'file' ? 'blobs' : 'trees'
      }/${sha}`;
      return {
        type,
        size: type === 'file' ? Buffer.byteLength(files.get(entryPath)!) : 0,
        name: entryPath.split('/').pop()!,
        path: entryPath,
        sha,
        url,
        git_url: git,
        html_url: html,
        download_url:
          type === 'file'
            ? `https://raw.githubusercontent.com/${this.owner}/${this.repo}/${commit}/${entryPath}`
            : null,
        _links: { self: url, git, html },
      };
    };
    if (content !== undefined) {
      const bytes = Buffer.from(content);
      const whole = bytes.length <= CONTENTS_MAX_BYTES;
      return HttpResponse.json({
        ...entryJson(path, 'file'),
        encoding: whole ? 'base64' : 'none',
        content: whole ? base64Lines(bytes) : '',
      });
    }
    const prefix = path === '' ? '' : `${path}/`;
    const children = new Map<string, 'file' | 'dir'>();
    for (const filePath of files.keys()) {
      if (!filePath.startsWith(prefix)) continue;
      const [name, ...deeper] = filePath.slice(prefix.length).split('/');
      children.set(`${prefix}${name}`, deeper.length ? 'dir' : 'file');
    }
    if (children.size === 0) return notFound();
    return HttpResponse.json(
      [...children].map(([childPath, type]) => entryJson(childPath, type)),
    );
  }

  /** Every commit reachable from `sha`, itself included. */
  #ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length) {
      const next = queue.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...this.commits.get(next)!.parents);
    }
    return seen;
  }

  /** The best common ancestor of two commits: the one that has the most ancestors. */
  #mergeBase(a: string, b: string): string | undefined {
    const ofB = this.#ancestors(b);
    let best: { sha: string; depth: number } | undefined;
    for (const sha of this.#ancestors(a)) {
      if (!ofB.has(sha)) continue;
      const depth = this.#ancestors(sha).size;
      if (!best || depth > best.depth) best = { sha, depth };
    }
    return best?.sha;
  }

  /** The tree of merging `head` into `base`: base's files with head's changes since their merge base. */
  #mergedTree(base: string, head: string): string {
    const mergeBase = this.#mergeBase(base, head);
    const before = mergeBase
      ? this.#treeOf(mergeBase)
      : new Map<string, string>();
    const after = this.#treeOf(head);
    const merged = new Map(this.#treeOf(base));
    for (const path of new Set([...before.keys(), ...after.keys()])) {
      const content = after.get(path);
      if (content === before.get(path)) continue;
      if (content === undefined) merged.delete(path);
      else merged.set(path, content);
    }
    return this.#writeTree(merged);
  }

  /**
   * The test merge commit GitHub names in an unmerged pull request's
   * `merge_commit_sha`: a real commit (reachable as `refs/pull/<n>/merge`) on no branch.
   */
  #testMergeCommit(pull: FakePull, headSha: string): string | null {
    const baseSha = this.refs.get(`heads/${pull.base}`);
    if (!baseSha || !this.commits.has(headSha)) return null;
    const tree = this.#mergedTree(baseSha, headSha);
    const sha = sha1(`test-merge:${tree}:${baseSha},${headSha}`);
    if (!this.commits.has(sha)) {
      this.commits.set(sha, {
        sha,
        tree,
        parents: [baseSha, headSha],
        message: `Merge ${headSha} into ${baseSha}`,
        author: {
          name: 'GitHub',
          email: 'noreply@github.com',
          date: new Date(this.#clock).toISOString().replace('.000Z', 'Z'),
        },
      });
    }
    return sha;
  }

  #blobSha(content: string): string {
    return sha1(`blob:${content}`);
  }

  #tick(): string {
    this.#clock += 60_000;
    return new Date(this.#clock).toISOString().replace('.000Z', 'Z');
  }

  #writeTree(entries: Map<string, string>): string {
    const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : 1)));
    const sha = sha1(`tree:${JSON.stringify([...sorted])}`);
    this.trees.set(sha, sorted);
    for (const content of sorted.values()) {
      this.#blobs.set(this.#blobSha(content), content);
    }
    return sha;
  }

  #writeCommit(
    tree: string,
    parents: string[],
    message: string,
    author?: { name: string; email: string; date?: string },
  ): string {
    const date = this.#tick();
    this.#lastPushAt = date;
    const who = {
      name: author?.name ?? 'Octocat',
      email: author?.email ?? 'octocat@example.com',
      date: author?.date ?? date,
    };
    const sha = sha1(`commit:${tree}:${parents.join(',')}:${message}:${date}`);
    this.commits.set(sha, { sha, tree, parents, message, author: who });
    return sha;
  }

  #treeOf(commitSha: string): Map<string, string> {
    return this.trees.get(this.commits.get(commitSha)!.tree)!;
  }

  #repoUrl() {
    return `${this.apiBaseUrl}/repos/${this.owner}/${this.repo}`;
  }

  #site() {
    return { apiBaseUrl: this.apiBaseUrl, webBaseUrl: this.webBaseUrl };
  }

  #repository() {
    return { site: this.#site(), owner: this.owner, repo: this.repo };
  }

  #repositoryFacts(): RepositoryFacts {
    return {
      ...this.#repository(),
      defaultBranch: this.defaultBranch,
      pushedAt: Date.parse(this.#lastPushAt),
      createdAt: CREATED_AT,
    };
  }

  /** What GitHub would say of the pull request now: its head, size, and merge commit. */
  #pullFacts(pull: FakePull): PullRequestFacts {
    const headSha = pull.headSha ?? this.refs.get(`heads/${pull.head}`) ?? '';
    const baseSha = this.refs.get(`heads/${pull.base}`) ?? '';
    const mergeCommitSha = pull.merged
      ? pull.mergeCommitSha ?? null
      : this.#testMergeCommit(pull, headSha);
    const size = { commits: 0, additions: 0, deletions: 0, changedFiles: 0 };
    if (this.commits.has(headSha) && this.commits.has(baseSha)) {
      const mergeBase = this.#mergeBase(
        pull.merged
          ? this.commits.get(mergeCommitSha!)?.parents[0] ?? baseSha
          : baseSha,
        headSha,
      );
      if (mergeBase) {
        const ofBase = this.#ancestors(mergeBase);
        size.commits = [...this.#ancestors(headSha)].filter(
          sha => !ofBase.has(sha),
        ).length;
        const before = this.#treeOf(mergeBase);
        const after = this.#treeOf(headSha);
        for (const path of new Set([...before.keys(), ...after.keys()])) {
          if (before.get(path) === after.get(path)) continue;
          const changes = lineChanges(before.get(path), after.get(path));
          size.additions += changes.additions;
          size.deletions += changes.deletions;
          size.changedFiles += 1;
        }
      }
    }
    const createdAt = Date.parse(pull.createdAt ?? githubTime(CREATED_AT));
    const updatedAt = Date.parse(
      pull.updatedAt ?? pull.mergedAt ?? pull.closedAt ?? githubTime(createdAt),
    );
    let closedAt: number | null = null;
    if (pull.state === 'closed') {
      closedAt = Date.parse(
        pull.closedAt ?? pull.mergedAt ?? githubTime(updatedAt),
      );
    }
    let mergedAt: number | null = null;
    if (pull.merged)
      mergedAt = Date.parse(pull.mergedAt ?? githubTime(this.#clock));
    return {
      repository: this.#repositoryFacts(),
      number: pull.number,
      title: pull.title,
      body: pull.body,
      state: pull.state,
      author: BOT_LOGIN,
      labels: pull.labels,
      head: { ref: pull.head, sha: headSha },
      base: { ref: pull.base, sha: baseSha },
      createdAt,
      updatedAt,
      closedAt,
      merged: pull.merged,
      mergedAt,
      mergedBy: pull.merged ? pull.mergedBy ?? null : null,
      mergeCommitSha,
      ...size,
      comments: this.comments.filter(c => c.issueNumber === pull.number).length,
    };
  }

  #reviewJson(number: number, review: FakeReview, index: number) {
    return reviewJson(
      this.#repository(),
      this.#reviewFacts(number, review, index),
    );
  }

  #reviewFacts(number: number, review: FakeReview, index: number): ReviewFacts {
    return {
      id: number * 1000 + index + 1,
      pullNumber: number,
      login: review.login,
      state: review.state,
      body: review.body ?? '',
      commitId: review.commitId,
      ...(review.state === 'PENDING'
        ? {}
        : { submittedAt: review.submittedAt }),
      authorAssociation: this.#collaborators.has(
        review.login.toLocaleLowerCase('en-US'),
      )
        ? 'COLLABORATOR'
        : 'NONE',
    };
  }
}
