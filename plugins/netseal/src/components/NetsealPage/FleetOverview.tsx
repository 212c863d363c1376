import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import type {
  ClusterStatus,
  DriftStatusCounts,
  FleetSummary,
} from '@netseal/backstage-plugin-netseal-common';
import { worstStatus } from '@netseal/backstage-plugin-netseal-common';
import { useState } from 'react';
import { netsealApiRef } from '../../api';
import { useLiveData } from '../../hooks';
import { WorstStatus } from '../DriftStatusChip';
import { LastUpdated } from '../LastUpdated';
import { LiveDataView } from '../LiveDataView';
import { StatusCounts } from '../StatusCounts';
import { ClustersTable } from './ClustersTable';
import { FleetFiltersForm } from './FleetFiltersForm';
import { FleetPoliciesTable } from './FleetPoliciesTable';
import { DEFAULT_FLEET_FILTERS, FleetFilters } from './fleetQuery';

interface Fleet {
  clusters: ClusterStatus[];
  summary: FleetSummary;
}

const anySignal = () => true;

/**
 * The fleet at a glance for platform teams: every cluster with its reachability and
 * statuses, the fleet's counts, and the policies that need attention, paged on the server.
 */
export function FleetOverview(props: { refreshIntervalMs?: number }) {
  const api = useApi(netsealApiRef);
  const [filters, setFilters] = useState<FleetFilters>(DEFAULT_FLEET_FILTERS);
  const fleet = useLiveData<Fleet>({
    key: 'fleet',
    load: async () => {
      const [clusters, summary] = await Promise.all([
        api.getClusters(),
        api.getFleetSummary(),
      ]);
      return { clusters: clusters.items, summary };
    },
    // Any drift changes the fleet's counts.
    isRelevant: anySignal,
    intervalMs: props.refreshIntervalMs,
  });

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <LiveDataView data={fleet}>
          {({ clusters, summary }) => {
            const countsByCluster = new Map<string, DriftStatusCounts>(
              summary.clusters.map(item => [item.cluster, item.counts]),
            );
            const worst = worstStatus(summary.counts);
            return (
              <Grid container spacing={3}>
                <Grid item xs={12}>
                  <InfoCard title="The fleet's sealed policies">
                    <Box
                      display="flex"
                      alignItems="center"
                      flexWrap="wrap"
                      style={{ gap: 16 }}
                    >
                      {worst && <WorstStatus status={worst} />}
                      <StatusCounts
                        counts={summary.counts}
                        label="The fleet's policies by drift status"
                      />
                      <Box flexGrow={1} />
                      <LastUpdated at={fleet.lastUpdated} />
                    </Box>
                  </InfoCard>
                </Grid>
                <Grid item xs={12}>
                  <ClustersTable
                    clusters={clusters}
                    countsByCluster={countsByCluster}
                    onGuardInstalled={fleet.refresh}
                  />
                </Grid>
              </Grid>
            );
          }}
        </LiveDataView>
      </Grid>
      <Grid item xs={12}>
        <FleetFiltersForm
          filters={filters}
          clusters={(fleet.value?.clusters ?? []).map(cluster => cluster.name)}
          onChange={setFilters}
        />
        <FleetPoliciesTable filters={filters} />
      </Grid>
    </Grid>
  );
}
