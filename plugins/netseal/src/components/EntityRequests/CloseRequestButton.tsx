import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { Alert } from '@material-ui/lab';
import type { ReplacementRequestDetail } from '@netseal/backstage-plugin-netseal-common';
import { useState } from 'react';
import { netsealApiRef } from '../../api';
import { serverMessage } from './serverMessage';
import { shortRequestId } from './shortRequestId';

/**
 * "Close request" for an open or approved request, asking first: closing closes its pull
 * request (or deletes its local branch) and cannot be undone here. The reason is kept in
 * the request's history and written on the pull request.
 */
export function CloseRequestButton(props: {
  request: ReplacementRequestDetail;
  onClosed: () => void;
}) {
  const { request } = props;
  const api = useApi(netsealApiRef);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const close = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.closeRequest(request.id, { reason });
      setOpen(false);
      props.onClosed();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mt={2}>
      <Button variant="outlined" onClick={() => setOpen(true)}>
        Close request
      </Button>
      <Dialog
        open={open}
        onClose={() => !busy && setOpen(false)}
        aria-labelledby="netseal-close-request-title"
      >
        <DialogTitle id="netseal-close-request-title">
          {`Close request #${shortRequestId(request.id)}?`}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {request.providerId === 'local'
              ? 'Its branch is deleted and nothing is merged. The policies are free for a new request.'
              : 'Its pull request is closed without a merge. The policies are free for a new request.'}
          </DialogContentText>
          <TextField
            id="netseal-close-reason"
            label="Why (optional)"
            value={reason}
            onChange={event => setReason(event.target.value)}
            multiline
            fullWidth
            margin="normal"
            inputProps={{ maxLength: 2000 }}
          />
          {error && <Alert severity="error">{serverMessage(error)}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Keep it open
          </Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={close}
            disabled={busy}
          >
            {busy ? 'Closing…' : 'Close request'}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
