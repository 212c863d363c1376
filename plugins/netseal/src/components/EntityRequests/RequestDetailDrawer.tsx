import { CopyTextButton, Link } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import { Alert } from '@material-ui/lab';
import {
  netsealRequestReviewPermission,
  ReplacementRequestDetail,
} from '@netseal/backstage-plugin-netseal-common';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { netsealApiRef } from '../../api';
import { useLiveData } from '../../hooks';
import { LiveDataView } from '../LiveDataView';
import { withBreakOpportunities } from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';
import { displayRef } from './displayRef';
import { requestRefreshInterval } from './requestRefreshInterval';
import { RequestReviews } from './RequestReviews';
import { RequestStateChip } from './RequestStateChip';
import { RolloutView } from './RolloutView';
import { serverMessage } from './serverMessage';
import { shortRequestId } from './shortRequestId';
import { canStartRollout, StartRolloutButton } from './StartRolloutButton';

const useStyles = makeStyles(theme => ({
  paper: {
    width: 'min(720px, 95vw)',
    padding: theme.spacing(3),
  },
  section: {
    marginTop: theme.spacing(3),
  },
}));

/** The local Git provider's id: its requests are reviewed and merged here, not on a Git host. */
const LOCAL_PROVIDER = 'local';

/** One replacement request in a drawer: what it changes, its reviews and history, and the review actions of the local Git provider. */
export function RequestDetailDrawer(props: {
  entityRef: string;
  requestId?: string;
  onClose: () => void;
  /** Called after a review or merge changed the request. */
  onChanged?: () => void;
}) {
  const classes = useStyles();
  return (
    <Drawer
      anchor="right"
      open={Boolean(props.requestId)}
      onClose={props.onClose}
      classes={{ paper: classes.paper }}
    >
      {props.requestId && (
        <RequestDetail
          entityRef={props.entityRef}
          requestId={props.requestId}
          onClose={props.onClose}
          onChanged={props.onChanged}
        />
      )}
    </Drawer>
  );
}

function RequestDetail(props: {
  entityRef: string;
  requestId: string;
  onClose: () => void;
  onChanged?: () => void;
}) {
  const { requestId } = props;
  const classes = useStyles();
  const api = useApi(netsealApiRef);
  // Each read asks the Git host for the request's state and reviews, so an open drawer
  // polls once a minute, not at the tab's pace; review actions read it again at once.
  // While a rollout may start or runs, it polls every few seconds to show its steps live.
  const [intervalMs, setIntervalMs] = useState(requestRefreshInterval());
  const request = useLiveData({
    key: requestId,
    load: () => api.getRequest(requestId),
    isRelevant: () => false,
    intervalMs,
  });
  const pace = requestRefreshInterval(request.value);
  useEffect(() => setIntervalMs(pace), [pace]);
  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 4 }}>
        <Typography variant="h5" component="h2" title={requestId}>
          {`Request #${shortRequestId(requestId)}`}
        </Typography>
        <CopyTextButton
          text={requestId}
          variant="tertiary"
          aria-label={`Copy request id ${requestId}`}
          tooltipText="Copied the whole request id"
        />
        <Box flexGrow={1} />
        <IconButton aria-label="Close" onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      </Box>
      <LiveDataView data={request} entityRef={props.entityRef}>
        {value => (
          <>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <RequestStateChip state={value.state} />
              <Typography variant="body2" color="textSecondary">
                {`filed by ${displayRef(value.requester)} `}
                <RelativeTime value={value.createdAt} />
              </Typography>
            </Box>
            {value.url && (
              <Typography className={classes.section}>
                {'Pull request: '}
                <Link to={value.url} target="_blank" rel="noopener noreferrer">
                  {withBreakOpportunities(value.url)}
                </Link>
              </Typography>
            )}
            {value.error && (
              <Alert severity="error" className={classes.section}>
                {`${value.error.kind}: ${value.error.message}`}
              </Alert>
            )}
            <Typography variant="h6" className={classes.section}>
              Reason
            </Typography>
            <Typography style={{ whiteSpace: 'pre-wrap' }}>
              {value.reason}
            </Typography>
            <Typography variant="h6" className={classes.section}>
              Changes
            </Typography>
            <Box component="ul" m={0} pl={2}>
              {value.changes.map(change => (
                <li
                  key={`${change.cluster}/${change.namespace}/${change.name}`}
                >
                  {withBreakOpportunities(
                    `${change.op} ${change.namespace}/${change.name} in ${change.cluster} (${change.file})`,
                  )}
                </li>
              ))}
            </Box>
            <Typography variant="h6" className={classes.section}>
              Reviews
            </Typography>
            <RequestReviews request={value} />
            {value.providerId === LOCAL_PROVIDER &&
              (value.state === 'open' || value.state === 'approved') && (
                <ReviewActions
                  request={value}
                  entityRef={props.entityRef}
                  onReviewed={() => {
                    request.refresh();
                    props.onChanged?.();
                  }}
                />
              )}
            {canStartRollout(value) && (
              <StartRolloutButton
                request={value}
                entityRef={props.entityRef}
                onStarted={() => {
                  request.refresh();
                  props.onChanged?.();
                }}
              />
            )}
            {value.rollout && (
              <Box className={classes.section}>
                <RolloutView rollout={value.rollout} />
              </Box>
            )}
            <Typography variant="h6" className={classes.section}>
              History
            </Typography>
            <Box component="ul" m={0} pl={2}>
              {value.transitions.map((transition, index) => (
                <li key={index}>
                  <Typography variant="body2">
                    {`${transition.from ? `${transition.from} → ` : ''}${
                      transition.to
                    } by ${displayRef(transition.actor)}${
                      transition.reason ? `: ${transition.reason}` : ''
                    } `}
                    <RelativeTime value={transition.at} />
                  </Typography>
                </li>
              ))}
            </Box>
          </>
        )}
      </LiveDataView>
    </>
  );
}

/**
 * Approve, reject and merge for the local Git provider, with the same rules a Git host
 * applies: the requester's own approval never counts, and merging needs the approvals.
 */
function ReviewActions(props: {
  request: ReplacementRequestDetail;
  entityRef: string;
  onReviewed: () => void;
}) {
  const { request } = props;
  const classes = useStyles();
  const api = useApi(netsealApiRef);
  const identityApi = useApi(identityApiRef);
  const { value: identity } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const { allowed, loading } = usePermission({
    permission: netsealRequestReviewPermission,
    resourceRef: props.entityRef,
  });
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  useEffect(() => setError(undefined), [request.id]);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setComment('');
      props.onReviewed();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  if (loading) return null;
  if (!allowed) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.section}
      >
        {`Reviewing needs the permission ${netsealRequestReviewPermission.name} on ${props.entityRef}.`}
      </Typography>
    );
  }
  const ownRequest = identity?.userEntityRef === request.requester;
  const approvals = request.approvals ?? 0;
  const required = request.requiredApprovals ?? 1;
  return (
    <Box className={classes.section} component="section" aria-label="Review">
      {ownRequest && (
        <Alert severity="info">
          This is your own request: your approval is recorded but does not
          count.
        </Alert>
      )}
      <TextField
        id="netseal-review-comment"
        label="Review comment"
        value={comment}
        onChange={event => setComment(event.target.value)}
        helperText="Required to reject; say what should change."
        multiline
        fullWidth
        margin="normal"
        inputProps={{ maxLength: 2000 }}
      />
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={() =>
            act(() =>
              api.reviewRequest(request.id, {
                decision: 'approve',
                ...(comment.trim() ? { comment: comment.trim() } : {}),
              }),
            )
          }
        >
          Approve
        </Button>
        <Button
          variant="outlined"
          disabled={busy || comment.trim() === ''}
          onClick={() =>
            act(() =>
              api.reviewRequest(request.id, {
                decision: 'reject',
                comment: comment.trim(),
              }),
            )
          }
        >
          Reject
        </Button>
        <Button
          variant="outlined"
          color="primary"
          disabled={busy || approvals < required}
          title={
            approvals < required
              ? `Needs ${required} counted approvals; it has ${approvals}.`
              : undefined
          }
          onClick={() => act(() => api.mergeRequest(request.id))}
        >
          Merge
        </Button>
      </Box>
      {error && (
        <Alert severity="error" className={classes.section}>
          {serverMessage(error)}
        </Alert>
      )}
    </Box>
  );
}
