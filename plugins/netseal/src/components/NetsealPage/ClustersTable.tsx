import {
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ClusterGuardStatus,
  ClusterStatus,
  DriftStatusCounts,
  netsealGuardManagePermission,
} from '@netseal/backstage-plugin-netseal-common';
import { createContext, useContext, useMemo, useState } from 'react';
import {
  canInstallGuard,
  GuardAction,
  GuardDialog,
  guardStatusOf,
  GuardUninstalls,
  newerGuard,
  useGuardUninstall,
} from '../ClusterGuard';
import {
  fitContent,
  ReadableTable,
  tableCells,
  withBreakOpportunities,
} from '../ReadableTable';
import { ClampedText } from '../ClampedText';
import { RelativeTime } from '../RelativeTime';
import { StatusCounts } from '../StatusCounts';
import { ClusterGuardCell } from './ClusterGuardCell';
import { ClusterScopedPolicyKinds } from './ClusterScopedPolicyKinds';
import { GuardInstalls, useGuardInstalls } from './useGuardInstalls';

interface ClusterRow extends ClusterStatus {
  /** The cluster's name: material-table keeps row state by a unique id. */
  id: string;
  counts?: DriftStatusCounts;
  /** Worst first, so sorting by the Guard column brings the clusters to fix to the top. */
  guardRank: number;
}

/** What the Guard column's cells need besides their row, shared so the columns stay static. */
interface GuardActions {
  allowed: boolean;
  checkingPermission: boolean;
  installs: GuardInstalls;
  uninstalls: GuardUninstalls;
  /** Opens the confirmation; nothing is installed before it is confirmed. */
  confirmInstall: (cluster: string) => void;
  /** Opens the confirmation; nothing is uninstalled before it is confirmed. */
  confirmUninstall: (cluster: string) => void;
}

const GuardActionsContext = createContext<GuardActions | undefined>(undefined);

function GuardCell(props: { cluster: ClusterRow }) {
  const actions = useContext(GuardActionsContext)!;
  const { name } = props.cluster;
  return (
    <ClusterGuardCell
      cluster={props.cluster}
      allowed={actions.allowed}
      checkingPermission={actions.checkingPermission}
      installing={actions.installs.installing.has(name)}
      failure={
        actions.installs.failures.get(name) ??
        actions.uninstalls.failures.get(name)
      }
      onInstall={actions.confirmInstall}
      uninstalling={actions.uninstalls.uninstalling.has(name)}
      onUninstall={actions.confirmUninstall}
    />
  );
}

/** Whether Netseal can read the cluster (or why not), which Kubernetes it runs, when it last synced, and what cluster-scoped policy may override its NetworkPolicies. */
function Connection(props: { cluster: ClusterStatus }) {
  const { cluster } = props;
  let state;
  if (cluster.state === 'connected') {
    state = <StatusOK>reachable</StatusOK>;
  } else if (cluster.state === 'connecting') {
    state = <StatusPending>connecting</StatusPending>;
  } else {
    state = <StatusError>{cluster.state}</StatusError>;
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Box style={{ whiteSpace: 'nowrap' }}>{state}</Box>
      {cluster.reason && (
        <ClampedText>{withBreakOpportunities(cluster.reason)}</ClampedText>
      )}
      <Typography variant="body2" color="textSecondary">
        {withBreakOpportunities(
          `Kubernetes ${cluster.version ?? 'version unknown'}, `,
        )}
        synced <RelativeTime value={cluster.lastSyncedAt} />
      </Typography>
      <ClusterScopedPolicyKinds cluster={cluster} />
    </Box>
  );
}

/** Worst first. */
const GUARD_ORDER: ClusterGuardStatus[] = [
  'unprotected',
  'unknown',
  'outdated',
  'protected',
];

// Plain data, drawn by `components`: see tableCells for why columns hold no functions.
const columns: TableColumn<ClusterRow>[] = [
  {
    title: 'Cluster',
    field: 'name',
    highlight: true,
    ...fitContent(),
  },
  { title: 'Connection', field: 'state', width: '29%' },
  {
    title: 'Guard',
    field: 'guardRank',
    // Wide enough for the status and its button on one line and the reason in two or
    // three, rather than a narrow column many lines tall.
    width: '45%',
    cellStyle: { minWidth: 300 },
  },
  {
    title: 'Policies',
    field: 'policyCount',
    type: 'numeric',
    width: '25%',
    // Room for two status chips side by side.
    cellStyle: { minWidth: 230 },
    align: 'left',
  },
];

const components = {
  Cell: tableCells<ClusterRow>({
    state: cluster => <Connection cluster={cluster} />,
    guardRank: cluster => <GuardCell cluster={cluster} />,
    policyCount: cluster => (
      <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
        <Typography variant="body2">{`${cluster.policyCount} live`}</Typography>
        {cluster.counts ? (
          <StatusCounts
            counts={cluster.counts}
            hideZero
            label={`Sealed policies in ${cluster.name} by drift status`}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            none sealed
          </Typography>
        )}
      </Box>
    ),
  }),
};

const options = {
  paging: false,
  search: false,
  padding: 'dense',
  draggable: false,
} as const;

/**
 * Every configured cluster: whether Netseal can reach it (or why not), whether its guard
 * protects its sealed policies (with the install or upgrade that fixes it, and its
 * uninstall, each confirmed first), and its policies' statuses.
 */
export function ClustersTable(props: {
  clusters: ClusterStatus[];
  countsByCluster: Map<string, DriftStatusCounts>;
  /** Called after a guard was installed or upgraded, so the fleet reads the clusters again. */
  onGuardInstalled: () => void;
}) {
  const permission = usePermission({
    permission: netsealGuardManagePermission,
  });
  const installs = useGuardInstalls(props.onGuardInstalled);
  const uninstalls = useGuardUninstall(props.onGuardInstalled);
  const [confirming, setConfirming] = useState<{
    cluster: string;
    uninstall: boolean;
  }>();
  const rows: ClusterRow[] = props.clusters.map(cluster => {
    // Whichever read is newer: an install's or uninstall's answer, or the fleet's next check.
    const guard = newerGuard(
      cluster.guard,
      newerGuard(
        installs.installed.get(cluster.name),
        uninstalls.uninstalled.get(cluster.name),
      ),
    );
    return {
      ...cluster,
      id: cluster.name,
      guard,
      guardRank: GUARD_ORDER.indexOf(guardStatusOf({ guard })),
      counts: props.countsByCluster.get(cluster.name),
    };
  });
  const actions = useMemo<GuardActions>(
    () => ({
      allowed: permission.allowed,
      checkingPermission: permission.loading,
      installs,
      uninstalls,
      confirmInstall: cluster => setConfirming({ cluster, uninstall: false }),
      confirmUninstall: cluster => setConfirming({ cluster, uninstall: true }),
    }),
    [permission.allowed, permission.loading, installs, uninstalls],
  );
  const confirmed = rows.find(row => row.name === confirming?.cluster);
  let action: GuardAction | undefined;
  if (confirmed && confirming?.uninstall) {
    action = confirmed.guard?.installed ? 'uninstall' : undefined;
  } else if (confirmed && canInstallGuard(confirmed)) {
    action = guardStatusOf(confirmed) === 'outdated' ? 'upgrade' : 'install';
  }
  return (
    <GuardActionsContext.Provider value={actions}>
      <ReadableTable>
        <Table<ClusterRow>
          title="Clusters"
          columns={columns}
          components={components}
          data={rows}
          options={options}
          emptyContent={
            <Typography style={{ padding: 16 }}>
              No cluster is configured. Add them under netseal.clusters (or the
              Kubernetes plugin&apos;s config cluster locator) in
              app-config.yaml.
            </Typography>
          }
        />
      </ReadableTable>
      {confirmed && action && (
        <GuardDialog
          cluster={confirmed.name}
          action={action}
          guard={confirmed.guard}
          onClose={() => setConfirming(undefined)}
          onConfirm={() => {
            setConfirming(undefined);
            if (action === 'uninstall') {
              uninstalls.uninstall(confirmed.name);
            } else {
              installs.install(confirmed.name);
            }
          }}
        />
      )}
    </GuardActionsContext.Provider>
  );
}
