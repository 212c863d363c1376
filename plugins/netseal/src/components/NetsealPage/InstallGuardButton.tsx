import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import {
  ClusterGuardStatus,
  netsealGuardManagePermission,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * "Install guard" for an unprotected cluster, "Upgrade guard" for an outdated one.
 * Without `netseal.guard.manage` it is shown disabled, naming the permission.
 */
export function InstallGuardButton(props: {
  status: ClusterGuardStatus;
  allowed: boolean;
  /** The permission is still being asked; the button waits, without the tooltip. */
  checkingPermission: boolean;
  installing: boolean;
  onInstall: () => void;
}) {
  const { status, allowed, checkingPermission, installing } = props;
  const [label, busyLabel] =
    status === 'outdated'
      ? ['Upgrade guard', 'Upgrading guard…']
      : ['Install guard', 'Installing guard…'];
  const button = (
    <Button
      variant="outlined"
      color="primary"
      size="small"
      startIcon={<VerifiedUserIcon />}
      disabled={!allowed || installing}
      onClick={props.onInstall}
    >
      {installing ? busyLabel : label}
    </Button>
  );
  if (allowed || checkingPermission) {
    return button;
  }
  return (
    <Tooltip
      title={`You need the permission ${netsealGuardManagePermission.name} to install or upgrade a cluster's guard.`}
    >
      <span>{button}</span>
    </Tooltip>
  );
}
