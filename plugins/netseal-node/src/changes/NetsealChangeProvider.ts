/**
 * Who asked for a change: their catalog user and, when known, their account on the Git
 * host. Their own approval never counts towards the change's.
 *
 * @public
 */
export interface ChangeRequester {
  /** The requester's catalog user, e.g. `user:default/jane`. */
  userEntityRef: string;
  /** The requester's account name on the Git host, e.g. their GitHub login. */
  login?: string;
}

/**
 * One file of a change, with its whole new content.
 *
 * @public
 */
export interface ChangeFile {
  /**
   * Path relative to the policy source's folder, with `/` separators. Absolute paths and
   * `..` segments are refused: a change never writes outside its policy source.
   */
  path: string;
  /** The file's new content; `null` deletes the file. */
  content: string | null;
}

/**
 * What a provider needs to open the change for a replacement request on the Git host:
 * one branch and one commit with the files, then the change (pull request) itself.
 *
 * @public
 */
export interface OpenChangeInput {
  /**
   * The replacement request's id. Opening is idempotent by it and by `branch`: a retry
   * after a timeout or a crash finds and resumes the branch and change of the first try
   * and never makes a second.
   */
  requestId: string;
  /** The policy source's URL, one the provider `supports`. */
  policySourceUrl: string;
  /** The branch to commit to, e.g. `netseal/request-12`; created from the base branch. */
  branch: string;
  /** The change's title. */
  title: string;
  /** The change's description (Markdown), including Netseal's machine-readable marker. */
  body: string;
  /** Labels that mark the change as a Netseal request, where the host has labels. */
  labels: string[];
  /** The files the commit writes or deletes, each with its whole new content. */
  files: ChangeFile[];
  /**
   * Live objects the change deletes that no file of the policy source holds: policies
   * live in a cluster that Git never held. Deleting one writes no file, so a change with
   * no `files` must name at least one here; the provider then makes an empty commit (the
   * base tree, no file changed) whose message records each removal, and the pull request
   * is still the reviewed, merged record of the decision. The backend, not the commit,
   * keeps what the rollout deletes.
   */
  liveRemovals?: LiveRemoval[];
  /** Who asked for it; the commit's author where the host allows. */
  requester: ChangeRequester;
}

/**
 * One live object a change deletes that Git never held, named exactly as the request was
 * filed against it, so that the rollout deletes that object and no other.
 *
 * @public
 */
export interface LiveRemoval {
  /** The cluster, as named in `netseal.clusters`. */
  cluster: string;
  /** The object's namespace. */
  namespace: string;
  /** The object's name. */
  name: string;
  /** The live object's `metadata.uid` when the request was filed. */
  uid?: string;
  /** The live object's `metadata.resourceVersion` when the request was filed. */
  resourceVersion?: string;
  /** The canonical digest (`sha256:<hex>`) of the live object when the request was filed. */
  digest: string;
}

/**
 * Where a change lives, as the backend stores it to find the change again. A plain JSON
 * value.
 *
 * @public
 */
export interface ChangeRef {
  /** The `id` of the provider that opened it. */
  providerId: string;
  /** The policy source's URL the change is for. */
  policySourceUrl: string;
  /** The change's branch. */
  branch: string;
  /**
   * The host's id of the change: a pull request's number on GitHub, the request id for
   * the local Git provider.
   */
  changeId: string;
  /** A link the portal can show to open the change. */
  url: string;
}

/**
 * A reviewer's decision on a change, tied to the commit it was given for.
 *
 * @public
 */
export interface ChangeReview {
  /** The reviewer as the host names them: a login, or a catalog user for the local provider. */
  reviewer: string;
  /** What they decided. */
  decision: 'approved' | 'changes-requested' | 'commented';
  /** The head of the change's branch when they decided. */
  commitSha: string;
  /** When they decided, as an ISO 8601 timestamp. */
  at: string;
  /** What they wrote with it, such as the reason for requesting changes. */
  comment?: string;
  /**
   * Whether this is an approval that counts towards the change's (see
   * {@link markCountedApprovals}). Set on the reviews of a {@link ChangeState}; absent on
   * a review not judged yet.
   */
  counted?: boolean;
  /**
   * Why an approval does not count, when `counted` is false:
   * - `requester`: it is the requester's own;
   * - `stale`: it was given for an older commit than the change's head;
   * - `withdrawn`: the reviewer later requested changes;
   * - `no-write-access`: the host says the reviewer may not write to the repository.
   */
  notCountedBecause?: 'requester' | 'stale' | 'withdrawn' | 'no-write-access';
}

/**
 * A change's state on the Git host, as the request state machine reads it.
 *
 * - `open`: waiting for approvals.
 * - `approved`: open with at least the required number of counted approvals.
 * - `merged`: merged into the base branch.
 * - `closed`: closed, or its branch removed, without being merged.
 *
 * @public
 */
export interface ChangeState {
  state: 'open' | 'approved' | 'merged' | 'closed';
  /** A link the portal can show to open the change. */
  url: string;
  /** Every review, oldest first, each marked `counted` by {@link markCountedApprovals}. */
  reviews: ChangeReview[];
  /** The head commit of the change's branch now. */
  headSha: string;
  /**
   * Approvals that count, by DESIGN's rule 1: {@link countApprovals} of `reviews`.
   */
  approvals: number;
  /** The number of approvals required, as passed to `getChange`. */
  requiredApprovals: number;
}

/**
 * What `getChange` counts approvals against.
 *
 * @public
 */
export interface GetChangeOptions {
  /** How many counted approvals make the change `approved`. */
  requiredApprovals: number;
  /**
   * Who asked for the change, whose own approval never counts. The backend passes the
   * requester it stored rather than trusting the change's body, which anyone who can
   * edit the pull request could rewrite.
   */
  requester: ChangeRequester;
}

/**
 * A merged change as its Git host holds it, read again just before a rollout so that a
 * forged or replayed event can change nothing (DESIGN rule 1). The backend judges it:
 * the provider reports what the host says.
 *
 * @public
 */
export interface MergedChange {
  /** The change's state now; anything but `merged` stops the rollout. */
  state: ChangeState['state'];
  /** The branch the policy source names, which the change must be merged into. */
  baseBranch: string;
  /** The branch the host says the change was merged into (a pull request's base). */
  mergedInto?: string;
  /**
   * Whether the merge commit is on `baseBranch` now (not force-pushed away or merged
   * into a branch later deleted); false when it is not or there is no merge commit.
   */
  mergeCommitOnBase: boolean;
  /** The commit that brought the change into the base branch. */
  mergeCommitSha?: string;
  /** The head of the change's branch as merged; approvals of older commits do not count. */
  headSha: string;
  /** Who merged it, as the host names them. */
  mergedBy?: string;
  /** When it was merged, as an ISO 8601 timestamp. */
  mergedAt?: string;
  /**
   * Every review, oldest first, marked `counted` by {@link markCountedApprovals} against
   * `headSha` and, where the host can say, `no-write-access` for reviewers who may not
   * write to the repository.
   */
  reviews: ChangeReview[];
  /** The approvals that count. */
  approvals: number;
  /**
   * The content at `mergeCommitSha` of each path asked for (relative to the policy
   * source's folder, like {@link ChangeFile.path}); `null` when the file does not exist
   * there. Empty when there is no merge commit.
   */
  files: Record<string, string | null>;
}

/**
 * What {@link NetsealChangeProvider.getMergedChange} reads.
 *
 * @public
 */
export interface GetMergedChangeOptions extends GetChangeOptions {
  /** The files whose merged content the backend checks against the request's seals. */
  paths: string[];
}

/**
 * A Git host as Netseal uses it for replacement requests: it opens a change (a pull
 * request, merge request, ...) with the resealed manifests and reports its reviews and
 * state. Providers throw {@link ChangeProviderError} for the host's failures, so the
 * request state machine can say exactly what went wrong.
 *
 * @public
 */
export interface NetsealChangeProvider {
  /** A short, unique id stored in each {@link ChangeRef}, e.g. `github`, `local`. */
  readonly id: string;
  /** Whether this provider handles the policy source at `policySourceUrl`. */
  supports(policySourceUrl: string): boolean;
  /**
   * Opens the change for a request, or, when a try for the same request and branch got
   * that far, resumes and answers that one.
   */
  openChange(input: OpenChangeInput): Promise<ChangeRef>;
  /** The change's state now, read from the host, with approvals counted. */
  getChange(ref: ChangeRef, options: GetChangeOptions): Promise<ChangeState>;
  /**
   * The merged change as the host holds it now, with the content of `paths` at its merge
   * commit, read fresh (no cache) for the approval check before a rollout.
   */
  getMergedChange(
    ref: ChangeRef,
    options: GetMergedChangeOptions,
  ): Promise<MergedChange>;
  /** Adds a comment to the change, such as a rollout's outcome. */
  commentOnChange(ref: ChangeRef, body: string): Promise<void>;

  /**
   * Called once when the backend has started, with what a provider may ask of it.
   * Providers whose host sends events (webhooks) use it to have the changes an event
   * names read again at once, instead of at the next poll.
   */
  connect?(connection: ChangeProviderConnection): Promise<void> | void;

  /**
   * Records `reviewer`'s approval of the change's current head, with what they wrote.
   * Only providers whose host has no review of its own have it: the portal then offers
   * Approve and Reject. Without it, reviews happen on the host and the portal links
   * there. As GitHub does, it refuses the requester's own review (`forbidden`).
   */
  approve?(
    ref: ChangeRef,
    reviewer: string,
    comment?: string,
  ): Promise<ChangeReview>;

  /** Records that `reviewer` asks for changes, with the reason. Present with `approve`. */
  reject?(
    ref: ChangeRef,
    reviewer: string,
    reason: string,
  ): Promise<ChangeReview>;

  /**
   * Merges the change into its base branch, only with at least
   * `options.requiredApprovals` counted approvals. Only providers whose host has no
   * merge of its own have it: the portal then offers Merge.
   */
  merge?(
    ref: ChangeRef,
    options: GetChangeOptions & { mergedBy?: string },
  ): Promise<{ mergeCommitSha: string }>;

  /**
   * Closes the change without merging it, when its request is closed in the portal: a
   * pull request is closed on the host, a branch of the local provider deleted. Closing
   * a closed change does nothing; closing a merged one fails with a `conflict`. Without
   * it, a request's change is closed on the host by hand, and the backend reads it
   * closed at the next refresh.
   */
  close?(ref: ChangeRef, options: CloseChangeOptions): Promise<void>;
}

/**
 * What {@link NetsealChangeProvider.close} is told: who closed the request, for hosts
 * that record it.
 *
 * @public
 */
export interface CloseChangeOptions {
  /** The catalog user who closed the request, e.g. `user:default/jane`. */
  closedBy: string;
}

/**
 * What the backend offers a change provider once it has started (see
 * {@link NetsealChangeProvider.connect}).
 *
 * @public
 */
export interface ChangeProviderConnection {
  /**
   * Reads the state of the undecided requests whose change `matches` again from the
   * host. Only a hint: an event's payload is never trusted, the host is asked.
   */
  refresh(matches: (ref: ChangeRef) => boolean): Promise<void>;
}
