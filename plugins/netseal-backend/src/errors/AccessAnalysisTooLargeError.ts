interface TooLarge {
  ports?: number;
  peers?: number;
  /** Why: over the budget, too long, out of memory. */
  reason: string;
  cluster?: string;
}

/**
 * A request whose access analysis is beyond the budget: answered 422 in words that say
 * how large it is and what to do, instead of a backend busy for minutes. DESIGN rule 6
 * wants reviewers to see the access changes, so such a request is not filed without them.
 */
export class AccessAnalysisTooLargeError extends Error {
  name = 'AccessAnalysisTooLargeError' as const;
  readonly statusCode = 422;
  readonly details: TooLarge;

  constructor(details: TooLarge) {
    const size =
      details.ports !== undefined && details.peers !== undefined
        ? `${details.ports} ports × ${details.peers} peers`
        : 'its size is unknown';
    super(
      `too large to analyse: ${size}${
        details.cluster ? ` in cluster ${details.cluster}` : ''
      }; ${
        details.reason
      }. Change fewer policies or ports in one request (ports that every policy treats alike count once), or raise netseal.requests.accessAnalysis.budget`,
    );
    this.details = details;
  }

  /** The same, naming the cluster. */
  inCluster(cluster: string): AccessAnalysisTooLargeError {
    return new AccessAnalysisTooLargeError({ ...this.details, cluster });
  }
}
