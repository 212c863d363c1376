import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import type { ClusterAccessChanges } from '@netseal/backstage-plugin-netseal-common';

/**
 * Which access paths the change opens and closes in each cluster, grouped by namespace
 * and labels as the reachability model groups them: the reviewer's question, answered
 * before filing.
 */
export function AccessChangesView(props: { clusters: ClusterAccessChanges[] }) {
  if (props.clusters.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cluster to analyse.
      </Typography>
    );
  }
  return (
    <>
      {props.clusters.map(cluster => (
        <Box key={cluster.cluster} mb={1}>
          <Typography variant="subtitle2">{`Cluster ${cluster.cluster}`}</Typography>
          <ClusterChanges cluster={cluster} />
        </Box>
      ))}
    </>
  );
}

function ClusterChanges(props: { cluster: ClusterAccessChanges }) {
  const { cluster } = props;
  if (cluster.unavailable) {
    return <Alert severity="warning">{cluster.unavailable}</Alert>;
  }
  if (cluster.changes.length === 0) {
    return (
      <Typography variant="body2">No access path opens or closes.</Typography>
    );
  }
  return (
    <Box
      component="ul"
      m={0}
      pl={2}
      aria-label={`Access changes in ${cluster.cluster}`}
    >
      {cluster.changes.map((change, index) => (
        <li key={index}>
          <Typography variant="body2">{change.text}</Typography>
        </li>
      ))}
    </Box>
  );
}
