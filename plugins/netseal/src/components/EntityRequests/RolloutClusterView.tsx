import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import UndoIcon from '@material-ui/icons/Undo';
import { Alert } from '@material-ui/lab';
import { RelativeTime } from '../RelativeTime';
import { withShortSeals } from '../ShortSeal';
import { ReadableTable, withBreakOpportunities } from '../ReadableTable';
import { durationBetween, formatDuration } from './formatDuration';
import type { RolloutCluster, RolloutStepView } from './rolloutTypes';
import { RolloutStatusLabel } from './RolloutStatusLabel';

const useStyles = makeStyles(theme => ({
  cluster: {
    marginTop: theme.spacing(2),
  },
  rollbackRow: {
    // A rollback step undoes the rollout: marked beside its phase word, not by colour alone.
    boxShadow: `inset 4px 0 0 ${theme.palette.status.warning}`,
  },
  rollbackChip: {
    borderColor: theme.palette.status.warning,
  },
  error: {
    whiteSpace: 'pre-wrap',
  },
  // Phase, status and duration are one or two words: kept on one line, they leave the
  // step's description the rest of the drawer's width.
  narrow: {
    whiteSpace: 'nowrap',
    width: '1%',
  },
}));

function StepDuration(props: { step: RolloutStepView }) {
  const { startedAt, finishedAt } = props.step;
  if (!startedAt && !finishedAt) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        not started
      </Typography>
    );
  }
  const duration = durationBetween(startedAt, finishedAt);
  const when = [
    startedAt && `started ${new Date(startedAt).toLocaleString()}`,
    finishedAt && `finished ${new Date(finishedAt).toLocaleString()}`,
  ]
    .filter(Boolean)
    .join(', ');
  if (duration !== undefined) {
    return (
      <Typography variant="body2" component="span" title={when}>
        {formatDuration(duration)}
      </Typography>
    );
  }
  // Still running: how long so far is its start, which the next read updates.
  return (
    <Typography variant="body2" component="span" title={when}>
      {'started '}
      <RelativeTime value={startedAt} />
    </Typography>
  );
}

/** One cluster of a rollout: the identity its steps ran as, how it ended and why, and each step as it ran. */
export function RolloutClusterView(props: { cluster: RolloutCluster }) {
  const { cluster } = props;
  const classes = useStyles();
  const title = `Cluster ${cluster.cluster}`;
  return (
    <Box component="section" aria-label={title} className={classes.cluster}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle1" component="h4">
          {cluster.cluster}
        </Typography>
        <RolloutStatusLabel status={cluster.status} subject={title} />
      </Box>
      <Typography variant="body2" color="textSecondary">
        {'as '}
        <code>{cluster.identity}</code>
      </Typography>
      {cluster.reason && (
        <Alert
          severity={cluster.status === 'failed' ? 'error' : 'warning'}
          aria-label={`Why ${cluster.cluster} ${cluster.status}`}
        >
          {cluster.reason}
        </Alert>
      )}
      {cluster.steps.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          no steps planned yet
        </Typography>
      ) : (
        <ReadableTable>
          <Table size="small" aria-label={`Steps in ${cluster.cluster}`}>
            <TableHead>
              <TableRow>
                <TableCell>Step</TableCell>
                <TableCell className={classes.narrow}>Phase</TableCell>
                <TableCell className={classes.narrow}>Status</TableCell>
                <TableCell className={classes.narrow}>Duration</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {cluster.steps.map(step => (
                <TableRow
                  key={`${step.phase}-${step.index}`}
                  className={
                    step.phase === 'rollback' ? classes.rollbackRow : undefined
                  }
                >
                  <TableCell>
                    <Typography variant="body2">
                      {withShortSeals(step.description)}
                    </Typography>
                    {step.error && (
                      <Typography
                        variant="body2"
                        color="error"
                        className={classes.error}
                      >
                        {withBreakOpportunities(`Error: ${step.error}`)}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell className={classes.narrow}>
                    {step.phase === 'rollback' ? (
                      <Chip
                        size="small"
                        variant="outlined"
                        icon={<UndoIcon aria-hidden />}
                        label="rollback"
                        className={classes.rollbackChip}
                      />
                    ) : (
                      <Typography variant="body2" component="span">
                        rollout
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell className={classes.narrow}>
                    <RolloutStatusLabel
                      status={step.status}
                      subject={step.description}
                    />
                  </TableCell>
                  <TableCell className={classes.narrow}>
                    <StepDuration step={step} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ReadableTable>
      )}
    </Box>
  );
}
