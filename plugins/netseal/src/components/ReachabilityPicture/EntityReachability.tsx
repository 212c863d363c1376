import { EmptyState, Progress } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert, ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import type {
  ClusterReachability,
  EntityName,
} from '@netseal/backstage-plugin-netseal-common';
import { useEffect, useState } from 'react';
import { netsealApiRef } from '../../api';
import { serverMessage } from '../EntityRequests/serverMessage';
import { ReachabilityPicture } from './ReachabilityPicture';

type Mode = 'live' | 'sealed';

/** What the picture of one cluster is drawn from, and what in it nobody reviewed. */
function PictureSource(props: { item: ClusterReachability }) {
  const { item } = props;
  const { unsealedPolicies = [], driftedPolicies = [] } = item.reachability;
  if (item.mode === 'sealed') {
    return item.liveUnavailable ? (
      <Alert severity="info" style={{ marginBottom: 8 }}>
        {`The live picture is not available: ${item.liveUnavailable}.`}
      </Alert>
    ) : (
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {`Drawn from the policies as sealed in Git for ${item.cluster}, whatever is live.`}
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {`Drawn from the policies live in ${item.cluster} now, sealed or not.`}
      </Typography>
      {(unsealedPolicies.length > 0 || driftedPolicies.length > 0) && (
        <Alert
          severity="warning"
          // The banner below alerts already when one of them opens a direction.
          role="note"
          style={{ marginBottom: 8 }}
          aria-label="Live policies not as sealed"
        >
          {[
            ...unsealedPolicies.map(
              policy => `${policy} is live but not sealed in Git.`,
            ),
            ...driftedPolicies.map(
              policy => `${policy} has drifted from its seal.`,
            ),
          ].join(' ')}
        </Alert>
      )}
    </>
  );
}

/**
 * The reachability picture of one of the entity's clusters, with a choice of cluster
 * when there are several. `clusters` are the live pictures (the API's default: the
 * policies live in each connected cluster); with `entity`, a toggle shows the pictures
 * of the policies as sealed in Git instead.
 */
export function EntityReachability(props: {
  clusters: ClusterReachability[];
  /** The entity, to read its sealed-only pictures when asked. */
  entity?: EntityName;
}) {
  // Without the API (a picture drawn on its own), there is no sealed-only view to load.
  const api = useApiHolder().get(netsealApiRef);
  const entity = api ? props.entity : undefined;
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<Mode>('live');
  const [sealed, setSealed] = useState<{
    items?: ClusterReachability[];
    error?: Error;
  }>({});

  useEffect(() => {
    if (mode !== 'sealed' || !entity || !api) return undefined;
    let current = true;
    setSealed({});
    api.getEntityReachability(entity, { mode: 'sealed' }).then(
      ({ items }) => current && setSealed({ items }),
      (error: Error) => current && setSealed({ error }),
    );
    return () => {
      current = false;
    };
  }, [api, entity, mode]);

  const clusters = mode === 'sealed' ? sealed.items : props.clusters;
  const toggle = entity && (
    <ToggleButtonGroup
      value={mode}
      exclusive
      size="small"
      aria-label="What the picture is drawn from"
      onChange={(_event, value: Mode | null) => value && setMode(value)}
    >
      <ToggleButton value="live">Live</ToggleButton>
      <ToggleButton value="sealed">Sealed only</ToggleButton>
    </ToggleButtonGroup>
  );

  let selector;
  let body;
  if (mode === 'sealed' && sealed.error) {
    body = <Alert severity="error">{serverMessage(sealed.error)}</Alert>;
  } else if (!clusters) {
    body = <Progress />;
  } else if (clusters.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="Nothing to draw yet"
        description={
          mode === 'sealed'
            ? 'No cluster has sealed policies for this entity, so there is no reachability to show.'
            : 'No cluster has policies for this entity, sealed or live, so there is no reachability to show.'
        }
      />
    );
  } else {
    const shown = clusters.find(item => item.cluster === chosen) ?? clusters[0];
    if (clusters.length > 1) {
      selector = (
        <TextField
          select
          id="netseal-reachability-cluster"
          label="Reachability in cluster"
          value={shown.cluster}
          onChange={event => setChosen(event.target.value)}
          style={{ minWidth: 220 }}
        >
          {clusters.map(item => (
            <MenuItem key={item.cluster} value={item.cluster}>
              {item.cluster}
            </MenuItem>
          ))}
        </TextField>
      );
    }
    body = (
      <>
        <PictureSource item={shown} />
        <ReachabilityPicture reachability={shown.reachability} />
      </>
    );
  }
  return (
    <>
      {(selector || toggle) && (
        <Box
          display="flex"
          alignItems="flex-end"
          justifyContent="space-between"
          flexWrap="wrap"
          mb={2}
          style={{ gap: 16 }}
        >
          <Box>{selector}</Box>
          {toggle}
        </Box>
      )}
      {body}
    </>
  );
}
