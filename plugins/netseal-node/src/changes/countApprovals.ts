import { ChangeRequester, ChangeReview } from './NetsealChangeProvider';
import { markCountedApprovals } from './markCountedApprovals';

/**
 * The number of approvals of a change that count, by DESIGN's rule 1: those
 * {@link markCountedApprovals} marks `counted`.
 *
 * @public
 */
export function countApprovals(options: {
  reviews: ChangeReview[];
  headSha: string;
  requester: ChangeRequester;
}): number {
  return markCountedApprovals(options).filter(review => review.counted).length;
}
