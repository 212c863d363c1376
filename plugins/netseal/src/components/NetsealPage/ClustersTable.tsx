import {
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type {
  ClusterStatus,
  DriftStatusCounts,
} from '@netseal/backstage-plugin-netseal-common';
import { RelativeTime } from '../RelativeTime';
import { StatusCounts } from '../StatusCounts';

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

const columns: TableColumn<ClusterRow>[] = [
  { title: 'Cluster', field: 'name', highlight: true },
  {
    title: 'Reachable',
    field: 'state',
    render: cluster => <Reachability cluster={cluster} />,
  },
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

/** Every configured cluster: whether Netseal can reach it (or why not), and its policies' statuses. */
export function ClustersTable(props: {
  clusters: ClusterStatus[];
  countsByCluster: Map<string, DriftStatusCounts>;
}) {
  const rows = props.clusters.map(cluster => ({
    ...cluster,
    counts: props.countsByCluster.get(cluster.name),
  }));
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
