import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { Alert } from '@material-ui/lab';
import {
  netsealRolloutExecutePermission,
  ReplacementRequestDetail,
} from '@netseal/backstage-plugin-netseal-common';
import { useEffect, useState } from 'react';
import { netsealApiRef } from '../../api';
import { serverMessage } from './serverMessage';

/** A merged request can be rolled out unless its rollout is already queued or running. */
export function canStartRollout(request: ReplacementRequestDetail): boolean {
  const status = request.rollout?.status;
  return (
    request.state === 'merged' && status !== 'queued' && status !== 'running'
  );
}

/**
 * "Roll out" for a merged request. Without `netseal.rollout.execute` on the entity it is
 * shown disabled, naming the permission; the server's refusal (such as an approval that
 * does not hold any more) is shown in its own words.
 */
export function StartRolloutButton(props: {
  request: ReplacementRequestDetail;
  entityRef: string;
  /** Called after the rollout started, so the drawer reads the request again. */
  onStarted: () => void;
}) {
  const { request } = props;
  const api = useApi(netsealApiRef);
  const { allowed, loading } = usePermission({
    permission: netsealRolloutExecutePermission,
    resourceRef: props.entityRef,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  useEffect(() => setError(undefined), [request.id]);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.startRollout(request.id);
      props.onStarted();
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
      startIcon={<PlayArrowIcon />}
      disabled={!allowed || busy}
      onClick={start}
    >
      {busy ? 'Starting…' : 'Roll out'}
    </Button>
  );
  return (
    <Box mt={2} component="section" aria-label="Start the rollout">
      {allowed || loading ? (
        button
      ) : (
        <Tooltip
          title={`You need the permission ${netsealRolloutExecutePermission.name} on ${props.entityRef} to roll out a request.`}
        >
          <span>{button}</span>
        </Tooltip>
      )}
      {error && (
        <Box mt={2}>
          <Alert severity="error">{serverMessage(error)}</Alert>
        </Box>
      )}
    </Box>
  );
}
