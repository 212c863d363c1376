import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { ReplacementRequest } from '@netseal/backstage-plugin-netseal-common';

type RequestState = ReplacementRequest['state'];

function stateColour(theme: Theme, state: RequestState): string {
  const palette = theme.palette.status;
  switch (state) {
    case 'completed':
    case 'merged':
    case 'approved':
      return palette.ok;
    case 'failed':
    case 'rolled-back':
      return palette.error;
    case 'rolling-out':
      return palette.running;
    case 'closed':
      return palette.aborted;
    default:
      return palette.pending;
  }
}

const useStyles = makeStyles(theme => ({
  chip: (props: { state: RequestState }) => ({
    borderColor: stateColour(theme, props.state),
    color: theme.palette.text.primary,
  }),
}));

/** A request's state, always named in text; the colour only repeats it. */
export function RequestStateChip(props: { state: RequestState }) {
  const classes = useStyles(props);
  return (
    <Chip
      role="status"
      aria-label={props.state}
      size="small"
      variant="outlined"
      className={classes.chip}
      label={props.state}
    />
  );
}
