import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ClusterStatus } from '@netseal/backstage-plugin-netseal-common';
import { ClampedText } from '../ClampedText';
import {
  canInstallGuard,
  describeGuard,
  GuardStatusChip,
  guardStatusOf,
  UninstallGuardButton,
} from '../ClusterGuard';
import { serverMessage } from '../EntityRequests/serverMessage';
import { withBreakOpportunities } from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';
import { InstallGuardButton } from './InstallGuardButton';

/**
 * A cluster's guard in the fleet table: its status and the action that fixes it on one
 * line, then the facts behind it and when it was checked in a few lines, and the
 * server's refusal, if any.
 */
export function ClusterGuardCell(props: {
  cluster: ClusterStatus;
  allowed: boolean;
  checkingPermission: boolean;
  installing: boolean;
  failure?: Error;
  /** Asks to install or upgrade the cluster's guard; the caller confirms first. */
  onInstall: (cluster: string) => void;
  uninstalling?: boolean;
  /** Asks to uninstall the cluster's guard; the caller confirms first. Without it, none is offered. */
  onUninstall?: (cluster: string) => void;
}) {
  const { onUninstall } = props;
  const { cluster, failure } = props;
  const status = guardStatusOf(cluster);
  const facts = describeGuard(cluster.guard).map(line =>
    /[.!?]$/.test(line) ? line : `${line}.`,
  );
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <GuardStatusChip status={status} cluster={cluster.name} />
        {canInstallGuard(cluster) && (
          <InstallGuardButton
            status={status}
            allowed={props.allowed}
            checkingPermission={props.checkingPermission}
            installing={props.installing}
            onInstall={() => props.onInstall(cluster.name)}
          />
        )}
        {onUninstall && cluster.guard?.installed && (
          <UninstallGuardButton
            cluster={cluster.name}
            allowed={props.allowed}
            checkingPermission={props.checkingPermission}
            uninstalling={props.uninstalling ?? false}
            onUninstall={() => onUninstall(cluster.name)}
          />
        )}
      </Box>
      <ClampedText>
        {withBreakOpportunities(facts.join(' '))}
        {cluster.guard && (
          <>
            {' Checked '}
            <RelativeTime value={cluster.guard.checkedAt} />.
          </>
        )}
      </ClampedText>
      {failure && (
        <Typography variant="body2" color="error" role="alert">
          {withBreakOpportunities(serverMessage(failure))}
        </Typography>
      )}
    </Box>
  );
}
