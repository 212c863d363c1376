import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ClusterStatus } from '@netseal/backstage-plugin-netseal-common';
import {
  canInstallGuard,
  describeGuard,
  GuardStatusChip,
  guardStatusOf,
  GuardUninstall,
  UninstallGuardButton,
  UninstallGuardDialog,
} from '../ClusterGuard';
import { serverMessage } from '../EntityRequests/serverMessage';
import { RelativeTime } from '../RelativeTime';
import { InstallGuardButton } from './InstallGuardButton';

/**
 * A cluster's guard in the fleet table: its status, the facts behind it, and for an
 * unprotected or outdated cluster the action that fixes it, with the server's refusal.
 */
export function ClusterGuardCell(props: {
  cluster: ClusterStatus;
  allowed: boolean;
  checkingPermission: boolean;
  installing: boolean;
  failure?: Error;
  onInstall: (cluster: string) => void;
  /** The page's uninstalls; without it, no uninstall is offered. */
  uninstall?: GuardUninstall;
}) {
  const { uninstall } = props;
  const { cluster, failure } = props;
  const status = guardStatusOf(cluster);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Box>
        <GuardStatusChip status={status} cluster={cluster.name} />
      </Box>
      {describeGuard(cluster.guard).map(line => (
        <Typography key={line} variant="body2" color="textSecondary">
          {line}
        </Typography>
      ))}
      {cluster.guard && (
        <Typography variant="body2" color="textSecondary">
          Checked <RelativeTime value={cluster.guard.checkedAt} />
        </Typography>
      )}
      {canInstallGuard(cluster) && (
        <Box>
          <InstallGuardButton
            status={status}
            allowed={props.allowed}
            checkingPermission={props.checkingPermission}
            installing={props.installing}
            onInstall={() => props.onInstall(cluster.name)}
          />
        </Box>
      )}
      {uninstall && cluster.guard?.installed && (
        <Box>
          <UninstallGuardButton
            cluster={cluster.name}
            allowed={props.allowed}
            checkingPermission={props.checkingPermission}
            uninstalling={uninstall.uninstalling.has(cluster.name)}
            onUninstall={() => uninstall.ask(cluster.name)}
          />
        </Box>
      )}
      {uninstall?.confirming === cluster.name && (
        <UninstallGuardDialog
          cluster={cluster.name}
          uninstalling={uninstall.uninstalling.has(cluster.name)}
          failure={uninstall.failure}
          onCancel={uninstall.cancel}
          onConfirm={uninstall.confirm}
        />
      )}
      {failure && (
        <Typography variant="body2" color="error" role="alert">
          {serverMessage(failure)}
        </Typography>
      )}
    </Box>
  );
}
