import { ChangeRequester, ChangeReview } from './NetsealChangeProvider';

/**
 * The reviews of a change, in the order given, each marked with whether it is an
 * approval that counts by DESIGN's rule 1: a reviewer's latest decision (comments are
 * not decisions) counts when it is an approval of the branch's current head and the
 * reviewer is not the requester. So the requester's own approval never counts, an
 * approval given before the last push does not count, and a reviewer who approved and
 * then requested changes has withdrawn their approval. Every other review is marked
 * `counted: false`, so a reader can tell an uncounted approval from one not judged.
 *
 * Reviewers and the requester are compared without regard to case, as both GitHub
 * logins and catalog entity refs are.
 *
 * @public
 */
export function markCountedApprovals(options: {
  reviews: ChangeReview[];
  headSha: string;
  requester: ChangeRequester;
}): ChangeReview[] {
  const { reviews, headSha, requester } = options;
  const requesterNames = new Set(
    [requester.userEntityRef, requester.login]
      .filter((name): name is string => Boolean(name))
      .map(name => name.toLocaleLowerCase('en-US')),
  );
  // Hosts write timestamps with and without milliseconds, so they are compared as times.
  const byTime = reviews
    .map((review, index) => ({ review, index }))
    .sort((a, b) => Date.parse(a.review.at) - Date.parse(b.review.at));
  const latestDecision = new Map<
    string,
    { review: ChangeReview; index: number }
  >();
  for (const entry of byTime) {
    if (entry.review.decision !== 'commented') {
      latestDecision.set(
        entry.review.reviewer.toLocaleLowerCase('en-US'),
        entry,
      );
    }
  }
  const counted = new Set<number>();
  for (const [reviewer, { review, index }] of latestDecision) {
    if (
      !requesterNames.has(reviewer) &&
      review.decision === 'approved' &&
      review.commitSha === headSha
    ) {
      counted.add(index);
    }
  }
  return reviews.map((review, index): ChangeReview => {
    if (counted.has(index)) return { ...review, counted: true };
    const { notCountedBecause: _dropped, ...rest } = review;
    if (review.decision !== 'approved') return { ...rest, counted: false };
    const reviewer = review.reviewer.toLocaleLowerCase('en-US');
    let notCountedBecause: ChangeReview['notCountedBecause'];
    if (requesterNames.has(reviewer)) {
      notCountedBecause = 'requester';
    } else if (
      latestDecision.get(reviewer)?.review.decision === 'changes-requested'
    ) {
      notCountedBecause = 'withdrawn';
    } else if (review.commitSha !== headSha) {
      notCountedBecause = 'stale';
    }
    // Otherwise an earlier approval of the same head by a reviewer whose latest counts.
    return {
      ...rest,
      counted: false,
      ...(notCountedBecause ? { notCountedBecause } : {}),
    };
  });
}
