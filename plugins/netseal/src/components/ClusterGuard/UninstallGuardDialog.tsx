import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { GUARD_NAMES } from '@netseal/backstage-plugin-netseal-common';
import { serverMessage } from '../EntityRequests/serverMessage';

/**
 * Asks before a cluster's guard is uninstalled, naming what is deleted and what the
 * cluster loses; the server's refusal is shown in its own words, the dialog kept open.
 */
export function UninstallGuardDialog(props: {
  /** The cluster asked about; the dialog is closed without one. */
  cluster?: string;
  uninstalling: boolean;
  failure?: Error;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { cluster, uninstalling, failure } = props;
  return (
    <Dialog
      open={Boolean(cluster)}
      onClose={() => !uninstalling && props.onCancel()}
      aria-labelledby="netseal-uninstall-guard-title"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="netseal-uninstall-guard-title">
        {`Uninstall the guard of ${cluster ?? ''}?`}
      </DialogTitle>
      <DialogContent dividers>
        <Typography gutterBottom>
          Netseal deletes, with the cluster&apos;s rollout identity:
        </Typography>
        <Box component="ul" mt={0}>
          <li>
            <Typography>{`the ValidatingAdmissionPolicyBinding ${GUARD_NAMES.binding},`}</Typography>
          </li>
          <li>
            <Typography>{`the ValidatingAdmissionPolicy ${GUARD_NAMES.policy},`}</Typography>
          </li>
          <li>
            <Typography>{`the ConfigMap ${GUARD_NAMES.paramsNamespace}/${GUARD_NAMES.params} of its parameters.`}</Typography>
          </li>
        </Box>
        <Typography gutterBottom>
          {`Sealed policies in ${
            cluster ?? 'the cluster'
          } can then be edited and deleted in place again: drift shows in Netseal, but nothing stops it. The namespace ${
            GUARD_NAMES.paramsNamespace
          } is left as it is.`}
        </Typography>
        {failure && (
          <Box mt={2}>
            <Alert severity="error">{serverMessage(failure)}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel} disabled={uninstalling}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="secondary"
          onClick={props.onConfirm}
          disabled={uninstalling}
        >
          {uninstalling ? 'Uninstalling…' : 'Uninstall'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
