import { EmptyState } from '@backstage/core-components';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { ClusterReachability } from '@netseal/backstage-plugin-netseal-common';
import { useState } from 'react';
import { ReachabilityPicture } from './ReachabilityPicture';

/** The reachability picture of one of the entity's clusters, with a choice of cluster when there are several. */
export function EntityReachability(props: { clusters: ClusterReachability[] }) {
  const { clusters } = props;
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  if (clusters.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="Nothing to draw yet"
        description="No cluster has sealed policies for this entity, so there is no reachability to show."
      />
    );
  }
  const shown = clusters.find(item => item.cluster === chosen) ?? clusters[0];
  return (
    <>
      {clusters.length > 1 && (
        <TextField
          select
          id="netseal-reachability-cluster"
          label="Reachability in cluster"
          value={shown.cluster}
          onChange={event => setChosen(event.target.value)}
          style={{ minWidth: 220, marginBottom: 16 }}
        >
          {clusters.map(item => (
            <MenuItem key={item.cluster} value={item.cluster}>
              {item.cluster}
            </MenuItem>
          ))}
        </TextField>
      )}
      <ReachabilityPicture reachability={shown.reachability} />
    </>
  );
}
