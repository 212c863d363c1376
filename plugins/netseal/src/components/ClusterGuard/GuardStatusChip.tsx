import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import HelpIcon from '@material-ui/icons/Help';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import UpdateIcon from '@material-ui/icons/Update';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import type { ClusterGuardStatus } from '@netseal/backstage-plugin-netseal-common';
import type { ComponentType } from 'react';

/** Each guard status has its own shape as well as its colour, and always its name in text. */
const ICONS: Record<
  ClusterGuardStatus,
  ComponentType<{ className?: string }>
> = {
  protected: VerifiedUserIcon,
  unprotected: LockOpenIcon,
  outdated: UpdateIcon,
  unknown: HelpIcon,
};

function guardStatusColour(theme: Theme, status: ClusterGuardStatus): string {
  const palette = theme.palette.status;
  switch (status) {
    case 'protected':
      return palette.ok;
    case 'unprotected':
      return palette.error;
    case 'outdated':
      return palette.warning;
    default:
      return palette.aborted;
  }
}

const useStyles = makeStyles(theme => ({
  chip: (props: { status: ClusterGuardStatus }) => ({
    borderColor: guardStatusColour(theme, props.status),
    borderWidth: 2,
    fontWeight: 'bold',
  }),
  icon: (props: { status: ClusterGuardStatus }) => ({
    color: `${guardStatusColour(theme, props.status)} !important`,
  }),
}));

/** A cluster's guard status as a chip: its name in text, an icon and a colour. */
export function GuardStatusChip(props: {
  status: ClusterGuardStatus;
  cluster: string;
}) {
  const { status, cluster } = props;
  const classes = useStyles({ status });
  const Icon = ICONS[status];
  return (
    <Chip
      role="status"
      aria-label={`Guard of ${cluster}: ${status}`}
      className={classes.chip}
      icon={<Icon className={classes.icon} />}
      label={status}
      size="small"
      variant="outlined"
    />
  );
}
