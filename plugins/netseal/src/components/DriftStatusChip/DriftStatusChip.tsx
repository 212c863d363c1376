import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleIcon from '@material-ui/icons/RemoveCircle';
import ScheduleIcon from '@material-ui/icons/Schedule';
import WarningIcon from '@material-ui/icons/Warning';
import type { DriftStatus } from '@netseal/backstage-plugin-netseal-common';
import type { ComponentType } from 'react';

/** Each status has its own shape as well as its colour, and always its name in text. */
const ICONS: Record<DriftStatus, ComponentType<{ className?: string }>> = {
  unknown: HelpIcon,
  missing: RemoveCircleIcon,
  drifted: ErrorIcon,
  unsealed: WarningIcon,
  pending: ScheduleIcon,
  'in-sync': CheckCircleIcon,
};

/** The colour of a drift status in Backstage's status palette. */
export function driftStatusColour(theme: Theme, status: DriftStatus): string {
  const palette = theme.palette.status;
  switch (status) {
    case 'unknown':
      return palette.aborted;
    case 'missing':
    case 'drifted':
      return palette.error;
    case 'unsealed':
      return palette.warning;
    case 'pending':
      return palette.running;
    default:
      return palette.ok;
  }
}

const useStyles = makeStyles(theme => ({
  chip: (props: { status: DriftStatus }) => ({
    borderColor: driftStatusColour(theme, props.status),
    borderWidth: 2,
    fontWeight: 'bold',
  }),
  icon: (props: { status: DriftStatus }) => ({
    color: `${driftStatusColour(theme, props.status)} !important`,
  }),
}));

/**
 * A drift status as a chip: its name in text, an icon and a colour, with the `status`
 * role and the status as its accessible name.
 */
export function DriftStatusChip(props: {
  status: DriftStatus;
  count?: number;
}) {
  const { status, count } = props;
  const classes = useStyles({ status });
  const Icon = ICONS[status];
  const text = count === undefined ? status : `${status}: ${count}`;
  return (
    <Chip
      role="status"
      aria-label={text}
      className={classes.chip}
      icon={<Icon className={classes.icon} />}
      label={text}
      size="small"
      variant="outlined"
    />
  );
}
