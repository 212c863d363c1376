import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { UnguardedCluster } from './unguardedClusters';
import { useFleetPageLink } from './useFleetPageLink';

const AFTERWARDS = 'Drift detection will report it afterwards';

/** One line per cluster, in words a service owner can act on. */
export function describeUnguardedCluster(cluster: UnguardedCluster): string {
  const why = cluster.guard?.reason ? ` Why: ${cluster.guard.reason}` : '';
  switch (cluster.status) {
    case 'unprotected':
      return `Cluster ${cluster.name} is unprotected: its sealed policies can be edited in place (kubectl edit, apply). ${AFTERWARDS}; install the guard from the Netseal page.${why}`;
    case 'outdated':
      return `Cluster ${cluster.name} runs an outdated guard: it may let its sealed policies be edited in place or refuse Netseal's own rollouts. ${AFTERWARDS}; upgrade the guard from the Netseal page.${why}`;
    default:
      return `The guard of cluster ${cluster.name} is unknown: its sealed policies may be editable in place (kubectl edit, apply). ${AFTERWARDS}; check the cluster on the Netseal page.${why}`;
  }
}

/**
 * Warns, above the entity's policies, of each of their clusters whose admission guard
 * does not keep sealed policies from being edited in place.
 */
export function UnguardedClustersWarning(props: {
  clusters: readonly UnguardedCluster[];
}) {
  const unguarded = props.clusters;
  const fleetPage = useFleetPageLink();
  return (
    <Alert severity="warning" aria-label="Unguarded clusters">
      <AlertTitle>
        {unguarded.length === 1
          ? 'A cluster of these policies does not guard them'
          : `${unguarded.length} clusters of these policies do not guard them`}
      </AlertTitle>
      <Box component="ul" m={0} pl={2}>
        {unguarded.map(cluster => (
          <li key={cluster.name}>{describeUnguardedCluster(cluster)}</li>
        ))}
      </Box>
      {fleetPage && (
        <Box mt={1}>
          <Link to={fleetPage}>Open the Netseal page</Link>
        </Box>
      )}
    </Alert>
  );
}
