import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import type { Restore } from '@netseal/backstage-plugin-netseal-common';
import { displayRef } from '../EntityRequests/displayRef';
import { RolloutClusterView } from '../EntityRequests/RolloutClusterView';
import { RolloutStatusLabel } from '../EntityRequests/RolloutStatusLabel';
import { AttestationDownload } from '../AttestationDownload';
import { RelativeTime } from '../RelativeTime';

/** Whether a restore's steps may still change: it waits or runs. */
export function isRestoreLive(restore: Restore | undefined): boolean {
  const status = restore?.rollout.status;
  return status === 'queued' || status === 'running';
}

/**
 * A policy's restore: who asked (or that the backend self-healed), what it undid, and its
 * steps as they run, as a rollout's are shown. Once it ended, the steps fold away behind
 * a button, so the policy's diff is not pushed down by a finished restore.
 */
export function RestoreView(props: { restore: Restore }) {
  const { restore } = props;
  const live = isRestoreLive(restore);
  const [showSteps, setShowSteps] = useState(live);
  useEffect(() => {
    if (live) setShowSteps(true);
  }, [live]);
  return (
    <Box component="section" aria-label="Restore" mt={2}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="h6" component="h3">
          {restore.selfHeal ? 'Self-heal' : 'Restore'}
        </Typography>
        <RolloutStatusLabel status={restore.rollout.status} subject="Restore" />
      </Box>
      <Typography variant="body2" color="textSecondary">
        {restore.selfHeal
          ? 'Netseal restored it by itself'
          : `Restored by ${displayRef(restore.requestedBy)}`}{' '}
        <RelativeTime value={restore.createdAt} />
        {`, as it was ${restore.driftStatus}.`}
      </Typography>
      {restore.rollout.status === 'completed' && (
        <AttestationDownload id={restore.id} />
      )}
      {!live && (
        <Button
          size="small"
          aria-expanded={showSteps}
          onClick={() => setShowSteps(shown => !shown)}
        >
          {showSteps ? 'Hide the steps' : 'Show the steps'}
        </Button>
      )}
      {showSteps &&
        restore.rollout.clusters.map(cluster => (
          <RolloutClusterView key={cluster.cluster} cluster={cluster} />
        ))}
    </Box>
  );
}
