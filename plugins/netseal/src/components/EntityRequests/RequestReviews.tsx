import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  ReplacementRequest,
  RequestReview,
} from '@netseal/backstage-plugin-netseal-common';
import { RelativeTime } from '../RelativeTime';
import { PersonName } from './PersonName';

const useStyles = makeStyles(theme => ({
  comment: {
    margin: theme.spacing(0.5, 0, 1, 0),
    paddingLeft: theme.spacing(1),
    borderLeft: `3px solid ${theme.palette.divider}`,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
}));

/** A review's decision as a sentence's verb: "approved", "requested changes". */
export function decisionWords(review: RequestReview): string {
  switch (review.decision) {
    case 'changes-requested':
      return 'requested changes';
    default:
      return review.decision;
  }
}

function notCounted(review: RequestReview): string {
  return review.decision === 'approved' && review.counted === false
    ? ' (does not count)'
    : '';
}

/**
 * Who reviewed a request and how, and how many approvals count of those needed. An
 * approval that does not count (the requester's own, or given before the last commit)
 * says so. `detailed` adds when each reviewer decided and what they wrote, as a
 * request's drawer shows them; the list of requests shows the decisions alone.
 */
export function RequestReviews(props: {
  request: ReplacementRequest;
  detailed?: boolean;
}) {
  const classes = useStyles();
  const { reviews = [], approvals, requiredApprovals } = props.request;
  return (
    <>
      {reviews.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          no reviews yet
        </Typography>
      ) : (
        <Box component="ul" m={0} pl={2} aria-label="Reviews">
          {reviews.map(review =>
            props.detailed ? (
              <li key={`${review.reviewer}@${review.at}`}>
                <Typography variant="body2" component="span">
                  <PersonName actor={review.reviewer} />
                  {` ${decisionWords(review)}${notCounted(review)} `}
                </Typography>
                <RelativeTime value={review.at} />
                {review.comment && (
                  <Typography
                    variant="body2"
                    component="blockquote"
                    className={classes.comment}
                  >
                    {review.comment}
                  </Typography>
                )}
              </li>
            ) : (
              <li
                key={`${review.reviewer}@${review.at}`}
                title={review.comment}
              >
                <PersonName actor={review.reviewer} />
                {`: ${review.decision}${notCounted(review)}`}
              </li>
            ),
          )}
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
