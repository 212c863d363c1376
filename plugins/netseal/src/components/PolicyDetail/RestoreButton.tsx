import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RestoreIcon from '@material-ui/icons/Restore';
import { Alert } from '@material-ui/lab';
import {
  EntityName,
  netsealPolicyRestorePermission,
  PolicyStatus,
  Restore,
} from '@netseal/backstage-plugin-netseal-common';
import { useState } from 'react';
import { netsealApiRef } from '../../api';
import { serverMessage } from '../EntityRequests/serverMessage';

const useStyles = makeStyles({
  seal: { fontFamily: 'monospace', wordBreak: 'break-all' },
});

/** Whether the policy can be restored: its sealed version is known, and live differs or is gone. */
export function canRestore(policy: Pick<PolicyStatus, 'status'>): boolean {
  return policy.status === 'drifted' || policy.status === 'missing';
}

/**
 * "Restore sealed version" for a drifted or missing policy, asking first and saying what
 * will happen. Without `netseal.policy.restore` on the entity it is shown disabled,
 * naming the permission; the server's refusal (a rollout holds the policy, say) is shown
 * in its own words.
 */
export function RestoreButton(props: {
  entity: EntityName;
  entityRef: string;
  policy: PolicyStatus;
  /** Called with the restore once it started. */
  onStarted: (restore: Restore) => void;
}) {
  const { entity, entityRef, policy } = props;
  const classes = useStyles();
  const api = useApi(netsealApiRef);
  const { allowed, loading } = usePermission({
    permission: netsealPolicyRestorePermission,
    resourceRef: entityRef,
  });
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const words = `${policy.namespace}/${policy.name} in ${policy.cluster}`;

  const restore = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const started = await api.restorePolicy(entity, {
        cluster: policy.cluster,
        namespace: policy.namespace,
        name: policy.name,
      });
      setConfirming(false);
      props.onStarted(started);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button
      variant="contained"
      color="primary"
      startIcon={<RestoreIcon />}
      disabled={!allowed}
      onClick={() => {
        setError(undefined);
        setConfirming(true);
      }}
    >
      Restore sealed version
    </Button>
  );
  return (
    <Box mt={1}>
      {allowed || loading ? (
        button
      ) : (
        <Tooltip
          title={`You need the permission ${netsealPolicyRestorePermission.name} on ${entityRef} to restore a policy.`}
        >
          <span>{button}</span>
        </Tooltip>
      )}
      <Dialog
        open={confirming}
        onClose={() => !busy && setConfirming(false)}
        aria-labelledby="netseal-restore-title"
        maxWidth="sm"
        fullWidth
      >
        <DialogTitle id="netseal-restore-title">
          {`Restore ${policy.name} to its sealed version?`}
        </DialogTitle>
        <DialogContent dividers>
          <Typography gutterBottom>
            {policy.status === 'missing'
              ? `${words} is missing. Netseal will create it from its sealed version in Git.`
              : `${words} differs from its seal. Netseal will delete the live policy and create its sealed version in its place.`}
          </Typography>
          <Typography gutterBottom>
            While it does, a temporary guard policy isolates the pods the policy
            selects, so they are never open to more than before; the new object
            is read back and checked against the seal. It runs as the
            cluster&apos;s rollout identity.
          </Typography>
          <Typography gutterBottom>
            No review is needed: the sealed version was reviewed when it was
            merged.
          </Typography>
          {policy.seal && (
            <Typography variant="body2" className={classes.seal}>
              Seal: {policy.seal}
            </Typography>
          )}
          {error && (
            <Box mt={2}>
              <Alert severity="error">{serverMessage(error)}</Alert>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={restore}
            disabled={busy}
          >
            {busy ? 'Restoring…' : 'Restore'}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
