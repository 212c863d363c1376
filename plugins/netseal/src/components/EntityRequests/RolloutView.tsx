import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { AttestationDownload } from '../AttestationDownload';
import { RelativeTime } from '../RelativeTime';
import { ShortId } from '../ShortId';
import { durationBetween, formatDuration } from './formatDuration';
import { PersonName } from './PersonName';
import { RolloutClusterView } from './RolloutClusterView';
import type { Rollout } from './rolloutTypes';
import { RolloutStatusLabel } from './RolloutStatusLabel';

const useStyles = makeStyles(theme => ({
  facts: {
    margin: theme.spacing(1, 0, 0, 0),
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    '& dt': {
      color: theme.palette.text.secondary,
    },
    '& dd': {
      margin: 0,
    },
  },
}));

/** How many characters of a commit SHA people recognise it by, as Git hosts show it. */
const SHORT_SHA_LENGTH = 7;

/**
 * A merged request's rollout: how it stands (and what a queued one waits for), the
 * approval as the backend verified it with the Git host, and per cluster the identity it
 * ran as and each step with its status, time and error. Rollback steps are marked.
 */
export function RolloutView(props: {
  rollout: Rollout;
  /** The request's id, which its rollout's attestation goes by. */
  attestationId?: string;
}) {
  const { rollout, attestationId } = props;
  const classes = useStyles();
  const approvedBy = rollout.approvedBy ?? [];
  const took = durationBetween(rollout.startedAt, rollout.endedAt);
  return (
    <Box component="section" aria-label="Rollout">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="h6" component="h3">
          Rollout
        </Typography>
        <RolloutStatusLabel status={rollout.status} subject="Rollout" />
      </Box>
      {rollout.status === 'queued' && (
        <Alert severity="info">
          {rollout.waitingFor
            ? `Queued: waiting for ${rollout.waitingFor}.`
            : 'Queued: waiting for another rollout to release its policies.'}
        </Alert>
      )}
      {(rollout.mergeCommitSha ||
        approvedBy.length > 0 ||
        rollout.mergedBy) && (
        <Typography variant="subtitle2" component="p">
          Approval as verified with the Git host
        </Typography>
      )}
      <Box component="dl" className={classes.facts}>
        {rollout.mergeCommitSha && (
          <>
            <dt>Merge commit</dt>
            <dd>
              <ShortId
                value={rollout.mergeCommitSha}
                shown={rollout.mergeCommitSha.slice(0, SHORT_SHA_LENGTH)}
                kind="merge commit"
              />
            </dd>
          </>
        )}
        {approvedBy.length > 0 && (
          <>
            <dt>Approved by</dt>
            <dd>
              {approvedBy.map((approver, index) => (
                <span key={approver}>
                  {index > 0 && ', '}
                  <PersonName actor={approver} />
                </span>
              ))}
            </dd>
          </>
        )}
        {rollout.mergedBy && (
          <>
            <dt>Merged by</dt>
            <dd>
              <PersonName actor={rollout.mergedBy} />
            </dd>
          </>
        )}
        {(rollout.startedBy || rollout.startedAt) && (
          <>
            <dt>Started</dt>
            <dd>
              {rollout.startedBy && (
                <>
                  {'by '}
                  <PersonName actor={rollout.startedBy} />{' '}
                </>
              )}
              {rollout.startedAt && <RelativeTime value={rollout.startedAt} />}
            </dd>
          </>
        )}
        {rollout.endedAt && (
          <>
            <dt>Ended</dt>
            <dd>
              <RelativeTime value={rollout.endedAt} />
              {took !== undefined && `, after ${formatDuration(took)}`}
            </dd>
          </>
        )}
      </Box>
      {attestationId && rollout.status === 'completed' && (
        <AttestationDownload id={attestationId} />
      )}
      {rollout.clusters.map(cluster => (
        <RolloutClusterView key={cluster.cluster} cluster={cluster} />
      ))}
    </Box>
  );
}
