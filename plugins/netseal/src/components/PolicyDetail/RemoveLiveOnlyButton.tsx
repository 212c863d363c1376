import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { Alert } from '@material-ui/lab';
import {
  netsealRequestCreatePermission,
  NewReplacementRequest,
  PolicyStatus,
  ReplacementRequest,
} from '@netseal/backstage-plugin-netseal-common';
import { useEffect, useMemo, useState } from 'react';
import { netsealApiRef } from '../../api';
import { RequestId } from '../EntityRequests/RequestId';
import { serverMessage } from '../EntityRequests/serverMessage';
import { withBreakOpportunities } from '../ReadableTable';
import { NonIsolationAcknowledgement } from '../RequestChange/NonIsolationAcknowledgement';
import { isNonIsolationProblem } from '../RequestChange/nonIsolationWarnings';
import { useRequestPreview } from '../RequestChange/useRequestPreview';

/**
 * "Remove" for a live-only policy: a request whose pull request records the removal (it
 * changes no file, since Git never held the policy) and, once approved and merged, a
 * rollout that deletes the live object, only if it is still the one filed against. Asks
 * for the same acknowledgement as removing a sealed policy when the removal leaves pods
 * open to all traffic. Without `netseal.request.create` on the entity it is shown
 * disabled, naming the permission.
 */
export function RemoveLiveOnlyButton(props: {
  entityRef: string;
  policy: PolicyStatus;
  onFiled?: (request: ReplacementRequest) => void;
}) {
  const { entityRef, policy } = props;
  const api = useApi(netsealApiRef);
  const { allowed, loading } = usePermission({
    permission: netsealRequestCreatePermission,
    resourceRef: entityRef,
  });
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [nonIsolation, setNonIsolation] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [filed, setFiled] = useState<ReplacementRequest>();
  // One key per dialog: a retry after a timeout answers the first filing, never a second.
  const [idempotencyKey, setIdempotencyKey] = useState(() =>
    crypto.randomUUID(),
  );
  const words = `${policy.namespace}/${policy.name} in ${policy.cluster}`;

  const changes = useMemo<NewReplacementRequest['changes'] | undefined>(
    () =>
      open && !filed
        ? [
            {
              op: 'remove',
              cluster: policy.cluster,
              namespace: policy.namespace,
              name: policy.name,
              ...(acknowledged ? { acknowledgeNonIsolation: true } : {}),
            },
          ]
        : undefined,
    [open, filed, policy, acknowledged],
  );
  const { checking, preview } = useRequestPreview(entityRef, changes);
  const problems = preview?.problems ?? [];
  const otherProblems = problems.filter(
    problem => !isNonIsolationProblem(problem),
  );
  // The message names the pods; kept once acknowledged, since the preview then stops saying it.
  useEffect(() => {
    const warning = preview?.problems?.find(isNonIsolationProblem);
    if (warning) setNonIsolation(warning.message);
  }, [preview]);

  const start = () => {
    setReason('');
    setAcknowledged(false);
    setNonIsolation(undefined);
    setError(undefined);
    setFiled(undefined);
    setIdempotencyKey(crypto.randomUUID());
    setOpen(true);
  };

  const file = async () => {
    if (!changes) return;
    setBusy(true);
    setError(undefined);
    try {
      const request = await api.createRequest(
        { entityRef, reason: reason.trim(), changes },
        { idempotencyKey },
      );
      setFiled(request);
      props.onFiled?.(request);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  const canFile =
    !checking &&
    preview?.ok === true &&
    reason.trim() !== '' &&
    (!nonIsolation || acknowledged) &&
    !busy;

  const button = (
    <Button
      variant="outlined"
      color="secondary"
      startIcon={<DeleteIcon />}
      disabled={!allowed}
      onClick={start}
    >
      Remove
    </Button>
  );
  return (
    <>
      {allowed || loading ? (
        button
      ) : (
        <Tooltip
          title={`You need the permission ${netsealRequestCreatePermission.name} on ${entityRef} to request a removal.`}
        >
          <span>{button}</span>
        </Tooltip>
      )}
      <Dialog
        open={open}
        onClose={() => !busy && setOpen(false)}
        aria-labelledby="netseal-remove-title"
        maxWidth="sm"
        fullWidth
      >
        <DialogTitle id="netseal-remove-title">
          {`Remove ${policy.name}?`}
        </DialogTitle>
        <DialogContent dividers>
          {filed ? (
            <Box role="status">
              <Alert severity="success">
                {'Removal request '}
                <RequestId id={filed.id} />
                {` is filed (${filed.state}).`}
              </Alert>
              {filed.url && (
                <Box mt={2}>
                  <Typography>
                    {filed.providerId === 'local'
                      ? 'Reviewed in the portal, on its own page: '
                      : 'Pull request: '}
                    <Link
                      to={filed.url}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      {withBreakOpportunities(filed.url)}
                    </Link>
                  </Typography>
                </Box>
              )}
            </Box>
          ) : (
            <>
              <Typography gutterBottom>
                {`${words} is live but no policy source holds it. This files a request to delete it: its pull request changes no file and records the live object exactly (uid, resourceVersion, digest).`}
              </Typography>
              <Typography gutterBottom>
                Once it is approved and merged, the rollout deletes the live
                object behind a temporary guard policy, as the cluster&apos;s
                rollout identity. If the object changed in the meantime, nothing
                is deleted and the request fails.
              </Typography>
              {nonIsolation && (
                <NonIsolationAcknowledgement
                  id="netseal-remove-non-isolation"
                  policy={words}
                  message={nonIsolation}
                  checked={acknowledged}
                  onChange={setAcknowledged}
                />
              )}
              {otherProblems.map(problem => (
                <Box mt={1} key={`${problem.field}: ${problem.message}`}>
                  <Alert severity="error">{`${problem.field}: ${problem.message}`}</Alert>
                </Box>
              ))}
              <TextField
                id="netseal-remove-reason"
                label="Reason"
                required
                fullWidth
                multiline
                margin="normal"
                value={reason}
                onChange={event => setReason(event.target.value)}
                helperText="Shown to reviewers in the pull request."
              />
              {error && (
                <Box mt={2}>
                  <Alert severity="error">{serverMessage(error)}</Alert>
                </Box>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {filed ? (
            <Button onClick={() => setOpen(false)}>Close</Button>
          ) : (
            <>
              <Button onClick={() => setOpen(false)} disabled={busy}>
                Cancel
              </Button>
              <Button
                color="secondary"
                variant="contained"
                onClick={file}
                disabled={!canFile}
              >
                {busy ? 'Filing…' : 'Request removal'}
              </Button>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
