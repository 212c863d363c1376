import { CopyTextButton, Link } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
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
import { CloseRequestButton } from './CloseRequestButton';
import { isSameUser, PersonName } from './PersonName';
import { RequestAsFiledView } from './RequestAsFiledView';
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
  reason: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
}));

/** The local Git provider's id: its requests are reviewed and merged here, not on a Git host. */
const LOCAL_PROVIDER = 'local';

const isUndecided = (request: ReplacementRequestDetail) =>
  request.state === 'open' || request.state === 'approved';

/**
 * One replacement request in a drawer: what its pull request holds (each change's
 * seals, sentences and diff with the policy's drift status now, the access changes and
 * the rollout plan), its reviews and history, and what the viewer may do with it.
 */
export function RequestDetailDrawer(props: {
  entityRef: string;
  requestId?: string;
  onClose: () => void;
  /** Called after a review, merge or close changed the request. */
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
  const identityApi = useApi(identityApiRef);
  const { value: identity } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const { allowed: mayReview, loading: permissionLoading } = usePermission({
    permission: netsealRequestReviewPermission,
    resourceRef: props.entityRef,
  });
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
  const changed = () => {
    request.refresh();
    props.onChanged?.();
  };
  const entityName = parseEntityRef(props.entityRef).name;
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
        {value => {
          const own = isSameUser(identity?.userEntityRef, value.requester);
          return (
            <>
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <RequestStateChip state={value.state} />
                <Typography variant="body2" color="textSecondary">
                  {'filed by '}
                  <PersonName actor={value.requester} />{' '}
                  <RelativeTime value={value.createdAt} />
                </Typography>
              </Box>
              <ChangeLinks request={value} />
              {value.error && (
                <Alert severity="error" className={classes.section}>
                  {`${value.error.kind}: ${value.error.message}`}
                </Alert>
              )}
              <Typography
                variant="h6"
                component="h3"
                className={classes.section}
              >
                Reason
              </Typography>
              <Typography className={classes.reason}>{value.reason}</Typography>
              <RequestAsFiledView request={value} entityName={entityName} />
              <Typography
                variant="h6"
                component="h3"
                className={classes.section}
              >
                Reviews
              </Typography>
              <RequestReviews request={value} detailed />
              {value.providerId === LOCAL_PROVIDER && isUndecided(value) && (
                <ReviewActions
                  request={value}
                  entityRef={props.entityRef}
                  viewer={identity?.userEntityRef}
                  mayReview={mayReview}
                  permissionLoading={permissionLoading}
                  onReviewed={changed}
                />
              )}
              {isUndecided(value) && (own || mayReview) && (
                <CloseRequestButton request={value} onClosed={changed} />
              )}
              {canStartRollout(value) && (
                <StartRolloutButton
                  request={value}
                  entityRef={props.entityRef}
                  onStarted={changed}
                />
              )}
              {value.rollout && (
                <Box className={classes.section}>
                  <RolloutView
                    rollout={value.rollout}
                    attestationId={value.id}
                  />
                </Box>
              )}
              <Typography
                variant="h6"
                component="h3"
                className={classes.section}
              >
                History
              </Typography>
              <Box component="ul" m={0} pl={2} aria-label="History">
                {value.transitions.map((transition, index) => (
                  <li key={index}>
                    <Typography variant="body2">
                      {`${transition.from ? `${transition.from} → ` : ''}${
                        transition.to
                      }`}
                      {/* The backend moved it (a state read from the Git host, a
                          rollout's end): Netseal did not approve or merge anything. */}
                      {transition.actor === 'system' ? (
                        ' (Netseal)'
                      ) : (
                        <>
                          {' by '}
                          <PersonName actor={transition.actor} />
                        </>
                      )}
                      {`${transition.reason ? `: ${transition.reason}` : ''} `}
                      <RelativeTime value={transition.at} />
                    </Typography>
                  </li>
                ))}
              </Box>
            </>
          );
        }}
      </LiveDataView>
    </>
  );
}

/**
 * Where the request's change is: a pull request on its Git host, or, for the local Git
 * provider, its branch, reviewed here; and the request's own page, to share.
 */
function ChangeLinks(props: { request: ReplacementRequestDetail }) {
  const { request } = props;
  const classes = useStyles();
  return (
    <>
      {request.providerId === LOCAL_PROVIDER && request.branch && (
        <Typography variant="body2" className={classes.section}>
          {'Reviewed and merged here, in the portal; its change is branch '}
          <code>{request.branch}</code>
          {' of the policy source’s repository.'}
        </Typography>
      )}
      {request.providerId !== LOCAL_PROVIDER && request.url && (
        <Typography className={classes.section}>
          {'Pull request: '}
          <Link to={request.url} target="_blank" rel="noopener noreferrer">
            {withBreakOpportunities(request.url)}
          </Link>
        </Typography>
      )}
      {request.portalUrl && (
        <Box display="flex" alignItems="center">
          <Typography variant="body2">
            <Link to={request.portalUrl}>Link to this request</Link>
          </Typography>
          <CopyTextButton
            text={request.portalUrl}
            tooltipText="Link copied"
            aria-label="Copy the link to this request"
          />
        </Box>
      )}
    </>
  );
}

/**
 * Approve, reject and merge for the local Git provider, with the rules a Git host
 * applies: the requester does not review their own request, an approval counts once
 * (the button then says "Approved by you"), and merging needs the approvals.
 */
function ReviewActions(props: {
  request: ReplacementRequestDetail;
  entityRef: string;
  viewer?: string;
  mayReview: boolean;
  permissionLoading: boolean;
  onReviewed: () => void;
}) {
  const { request, viewer } = props;
  const classes = useStyles();
  const api = useApi(netsealApiRef);
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

  if (props.permissionLoading || !viewer) return null;
  if (isSameUser(viewer, request.requester)) {
    return (
      <Alert severity="info" className={classes.section}>
        You filed this request, so another reviewer approves it; you can close
        it.
      </Alert>
    );
  }
  if (!props.mayReview) {
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
  // The viewer's latest decision: comments are not decisions.
  const latest = (request.reviews ?? [])
    .filter(
      review =>
        isSameUser(review.reviewer, viewer) && review.decision !== 'commented',
    )
    .pop();
  const approvedByViewer =
    latest?.decision === 'approved' && latest.counted !== false;
  const rejectedByViewer = latest?.decision === 'changes-requested';
  const approvals = request.approvals ?? 0;
  const required = request.requiredApprovals ?? 1;
  return (
    <Box className={classes.section} component="section" aria-label="Review">
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
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={busy || approvedByViewer}
          onClick={() =>
            act(() =>
              api.reviewRequest(request.id, {
                decision: 'approve',
                ...(comment.trim() ? { comment: comment.trim() } : {}),
              }),
            )
          }
        >
          {approvedByViewer ? 'Approved by you' : 'Approve'}
        </Button>
        <Button
          variant="outlined"
          disabled={busy || rejectedByViewer || comment.trim() === ''}
          onClick={() =>
            act(() =>
              api.reviewRequest(request.id, {
                decision: 'reject',
                comment: comment.trim(),
              }),
            )
          }
        >
          {rejectedByViewer ? 'Changes requested by you' : 'Reject'}
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
