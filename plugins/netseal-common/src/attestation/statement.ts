/** The in-toto Statement layer, v1 (github.com/in-toto/attestation, spec/v1). @public */
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';

/** The DSSE payload type of an in-toto Statement. @public */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** The predicate Netseal signs for each completed rollout and restore. @public */
export const NETSEAL_ROLLOUT_PREDICATE_TYPE =
  'https://netseal.io/attestation/rollout/v1';

/**
 * An artifact a statement speaks of, as in-toto's ResourceDescriptor: a created policy by
 * its seal, or a removed one by the digest it had, marked `netseal.io/op: remove`.
 * @public
 */
export interface InTotoSubject {
  /** `<cluster>/<namespace>/<name>`. */
  name: string;
  digest: { sha256: string };
  /** `{ 'netseal.io/op': 'remove' }` on a removed policy; absent on a created one. */
  annotations?: Record<string, string>;
}

/** An in-toto Statement v1. @public */
export interface InTotoStatement<Predicate = unknown> {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: InTotoSubject[];
  predicateType: string;
  predicate: Predicate;
}

/** One step of a cluster's rollout, as it ran. @public */
export interface AttestedRolloutStep {
  phase: 'rollout' | 'rollback';
  index: number;
  description: string;
  status: string;
  startedAt?: string;
  finishedAt?: string;
}

/**
 * What a completed rollout (of a merged replacement request) or restore (of a drifted
 * or missing policy to its seal) did, who allowed it, and where.
 *
 * @public
 */
export interface RolloutAttestationPredicate {
  kind: 'request' | 'restore';
  /** The request's id, or the restore's. */
  id: string;
  entityRef: string;
  /** A request's rollout: who filed it and its pull request. */
  request?: { requester: string; changeUrl?: string; reason?: string };
  /** A restore: who asked (or `system` for self-heal) and what it undid. */
  restore?: {
    requestedBy: string;
    selfHeal: boolean;
    driftStatus: string;
    replacedDigest?: string;
  };
  /**
   * The approvals the Git host counted when the rollout started (the requester's own and
   * those before the last push never count); empty for a restore, whose seal was
   * reviewed when it was merged.
   */
  approvers: string[];
  mergedBy?: string;
  mergeCommit?: string;
  startedBy: string;
  startedAt: string;
  endedAt: string;
  changes: {
    op: 'add' | 'replace' | 'remove';
    cluster: string;
    namespace: string;
    name: string;
    /** The seal created; none for a removal. */
    seal?: string;
    /** A removal: the digest of the policy removed (its seal, or the live object's). */
    removedDigest?: string;
  }[];
  clusters: {
    cluster: string;
    /** The rollout identity the steps ran as. */
    identity: string;
    status: string;
    steps: AttestedRolloutStep[];
  }[];
}

/** The annotation that marks a removed policy among a statement's subjects. @public */
export const REMOVED_SUBJECT_ANNOTATIONS = Object.freeze({
  'netseal.io/op': 'remove',
});

/**
 * The statement of a completed rollout or restore: each created policy is a subject,
 * named `<cluster>/<namespace>/<name>` and digested by its seal; each removed policy is
 * one too, digested by what it was and annotated `netseal.io/op: remove`, so a rollout
 * that only removes still names what it applies to (in-toto requires a subject), and a
 * verifier matching live objects can tell the two apart.
 *
 * @public
 */
export function buildRolloutStatement(
  predicate: RolloutAttestationPredicate,
): InTotoStatement<RolloutAttestationPredicate> {
  const sha256 = (digest: string | undefined) =>
    digest?.startsWith('sha256:') ? digest.slice('sha256:'.length) : undefined;
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: predicate.changes.flatMap((change): InTotoSubject[] => {
      const name = `${change.cluster}/${change.namespace}/${change.name}`;
      if (change.op === 'remove') {
        const removed = sha256(change.removedDigest);
        return removed
          ? [
              {
                name,
                digest: { sha256: removed },
                annotations: { ...REMOVED_SUBJECT_ANNOTATIONS },
              },
            ]
          : [];
      }
      const created = sha256(change.seal);
      return created ? [{ name, digest: { sha256: created } }] : [];
    }),
    predicateType: NETSEAL_ROLLOUT_PREDICATE_TYPE,
    predicate,
  };
}
