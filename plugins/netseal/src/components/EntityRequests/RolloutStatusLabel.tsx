import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import ScheduleIcon from '@material-ui/icons/Schedule';
import UndoIcon from '@material-ui/icons/Undo';
import type { RolloutStatus } from './rolloutTypes';

function statusColour(theme: Theme, status: RolloutStatus): string {
  const palette = theme.palette.status;
  switch (status) {
    case 'done':
    case 'completed':
      return palette.ok;
    case 'failed':
      return palette.error;
    case 'rolled-back':
      return palette.warning;
    case 'running':
      return palette.running;
    default:
      return palette.pending;
  }
}

const useStyles = makeStyles(theme => ({
  icon: (props: { status: RolloutStatus }) => ({
    color: statusColour(theme, props.status),
    fontSize: theme.typography.pxToRem(18),
  }),
}));

/**
 * A rollout's, cluster's or step's status as an icon and its word; the word carries the
 * meaning, the icon and its colour only repeat it. A running one shows a progress spinner.
 */
export function RolloutStatusLabel(props: {
  status: RolloutStatus;
  /** What is running, for the spinner's accessible name ("Step 2 in progress"). */
  subject?: string;
}) {
  const { status, subject } = props;
  const classes = useStyles(props);
  let icon: JSX.Element;
  switch (status) {
    case 'done':
    case 'completed':
      icon = <CheckCircleIcon className={classes.icon} aria-hidden />;
      break;
    case 'failed':
      icon = <ErrorIcon className={classes.icon} aria-hidden />;
      break;
    case 'rolled-back':
      icon = <UndoIcon className={classes.icon} aria-hidden />;
      break;
    case 'running':
      icon = (
        <CircularProgress
          size={16}
          aria-label={`${subject ?? 'Rollout'} in progress`}
        />
      );
      break;
    default:
      icon = <ScheduleIcon className={classes.icon} aria-hidden />;
  }
  return (
    <Box
      component="span"
      display="inline-flex"
      alignItems="center"
      style={{ gap: 4 }}
    >
      {icon}
      <Typography variant="body2" component="span">
        {status}
      </Typography>
    </Box>
  );
}
