import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import { netsealGuardManagePermission } from '@netseal/backstage-plugin-netseal-common';

/**
 * "Uninstall guard" for a cluster whose guard is installed; it only asks, GuardDialog
 * confirms. Without `netseal.guard.manage` it is shown disabled, naming the permission.
 */
export function UninstallGuardButton(props: {
  cluster: string;
  allowed: boolean;
  /** The permission is still being asked; the button waits, without the tooltip. */
  checkingPermission: boolean;
  uninstalling: boolean;
  onUninstall: () => void;
}) {
  const { allowed, checkingPermission, uninstalling } = props;
  const button = (
    <Button
      variant="outlined"
      size="small"
      startIcon={<LockOpenIcon />}
      // The visible words first, so speech input can say them (WCAG 2.5.3).
      aria-label={`Uninstall guard of ${props.cluster}`}
      disabled={!allowed || uninstalling}
      onClick={props.onUninstall}
    >
      {uninstalling ? 'Uninstalling guard…' : 'Uninstall guard'}
    </Button>
  );
  if (allowed || checkingPermission) {
    return button;
  }
  return (
    <Tooltip
      title={`You need the permission ${netsealGuardManagePermission.name} to uninstall a cluster's guard.`}
    >
      <span>{button}</span>
    </Tooltip>
  );
}
