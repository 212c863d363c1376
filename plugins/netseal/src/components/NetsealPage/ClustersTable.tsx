import {
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Typography from '@material-ui/core/Typography';
import {
  ClusterGuardStatus,
  ClusterStatus,
  DriftStatusCounts,
  netsealGuardManagePermission,
} from '@netseal/backstage-plugin-netseal-common';
import { useMemo } from 'react';
import { guardStatusOf, newerGuard, useGuardUninstall } from '../ClusterGuard';
import { RelativeTime } from '../RelativeTime';
import { StatusCounts } from '../StatusCounts';
import { ClusterGuardCell } from './ClusterGuardCell';
import { useGuardInstalls } from './useGuardInstalls';

interface ClusterRow extends ClusterStatus {
  counts?: DriftStatusCounts;
}

function Reachability(props: { cluster: ClusterStatus }) {
  const { cluster } = props;
  if (cluster.state === 'connected') {
    return <StatusOK>reachable</StatusOK>;
  }
  if (cluster.state === 'connecting') {
    return <StatusPending>connecting</StatusPending>;
  }
  return (
    <>
      <StatusError>{cluster.state}</StatusError>
      {cluster.reason && (
        <Typography variant="body2" color="textSecondary">
          {cluster.reason}
        </Typography>
      )}
    </>
  );
}

/** Worst first, so sorting by the guard brings the clusters to fix to the top. */
const GUARD_ORDER: ClusterGuardStatus[] = [
  'unprotected',
  'unknown',
  'outdated',
  'protected',
];

const columnsWith = (
  guard: TableColumn<ClusterRow>,
): TableColumn<ClusterRow>[] => [
  { title: 'Cluster', field: 'name', highlight: true },
  {
    title: 'Reachable',
    field: 'state',
    render: cluster => <Reachability cluster={cluster} />,
  },
  guard,
  {
    title: 'API server',
    field: 'version',
    render: cluster => cluster.version ?? 'unknown',
  },
  { title: 'Live policies', field: 'policyCount', type: 'numeric' },
  {
    title: 'Sealed policies by status',
    sorting: false,
    render: cluster =>
      cluster.counts ? (
        <StatusCounts
          counts={cluster.counts}
          hideZero
          label={`Policies in ${cluster.name} by drift status`}
        />
      ) : (
        'none'
      ),
  },
  {
    title: 'Last synced',
    field: 'lastSyncedAt',
    render: cluster => <RelativeTime value={cluster.lastSyncedAt} />,
  },
];

/**
 * Every configured cluster: whether Netseal can reach it (or why not), whether its guard
 * protects its sealed policies (with the install or upgrade that fixes it), and its
 * policies' statuses.
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
  const uninstall = useGuardUninstall(props.onGuardInstalled);
  const rows = props.clusters.map(cluster => ({
    ...cluster,
    // Whichever read is newer: an install's or uninstall's answer, or the fleet's next check.
    guard: newerGuard(
      cluster.guard,
      newerGuard(
        installs.installed.get(cluster.name),
        uninstall.uninstalled.get(cluster.name),
      ),
    ),
    counts: props.countsByCluster.get(cluster.name),
  }));
  const columns = useMemo(
    () =>
      columnsWith({
        title: 'Guard',
        field: 'guard.status',
        customSort: (a, b) =>
          GUARD_ORDER.indexOf(guardStatusOf(a)) -
          GUARD_ORDER.indexOf(guardStatusOf(b)),
        render: cluster => (
          <ClusterGuardCell
            cluster={cluster}
            allowed={permission.allowed}
            checkingPermission={permission.loading}
            installing={installs.installing.has(cluster.name)}
            failure={installs.failures.get(cluster.name)}
            onInstall={installs.install}
            uninstall={uninstall}
          />
        ),
      }),
    [permission.allowed, permission.loading, installs, uninstall],
  );
  return (
    <Table<ClusterRow>
      title="Clusters"
      columns={columns}
      data={rows}
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No cluster is configured. Add them under netseal.clusters (or the
          Kubernetes plugin&apos;s config cluster locator) in app-config.yaml.
        </Typography>
      }
    />
  );
}
