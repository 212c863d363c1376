import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ReplacementRequest } from '@netseal/backstage-plugin-netseal-common';
import { displayRef } from './displayRef';

/**
 * Who reviewed a request and how, and how many approvals count of those needed. An
 * approval that does not count (the requester's own, or given before the last commit)
 * says so.
 */
export function RequestReviews(props: { request: ReplacementRequest }) {
  const { reviews = [], approvals, requiredApprovals } = props.request;
  return (
    <>
      {reviews.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          no reviews yet
        </Typography>
      ) : (
        <Box component="ul" m={0} pl={2}>
          {reviews.map(review => (
            <li key={`${review.reviewer}@${review.at}`} title={review.comment}>
              {`${displayRef(review.reviewer)}: ${review.decision}${
                review.decision === 'approved' && review.counted === false
                  ? ' (does not count)'
                  : ''
              }`}
            </li>
          ))}
        </Box>
      )}
      {requiredApprovals !== undefined && (
        <Typography variant="caption" color="textSecondary">
          {`${approvals ?? 0} of ${requiredApprovals} approvals needed`}
        </Typography>
      )}
    </>
  );
}
