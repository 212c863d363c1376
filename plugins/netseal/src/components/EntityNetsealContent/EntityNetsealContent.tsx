import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import {
  POLICY_SOURCE_ANNOTATION,
  DriftSignalMessage,
  PolicyStatus,
} from '@netseal/backstage-plugin-netseal-common';
import { useCallback, useMemo, useState } from 'react';
import { netsealApiRef, PolicyName } from '../../api';
import { isSignalForEntity, useLiveData } from '../../hooks';
import { isNetsealAvailable } from '../../isNetsealAvailable';
import { WorstStatus } from '../DriftStatusChip';
import { LastUpdated } from '../LastUpdated';
import { LiveDataView } from '../LiveDataView';
import { PolicyDetailDrawer } from '../PolicyDetail';
import { PolicySourceErrorBanner } from '../PolicySourceError';
import { EntityReachability } from '../ReachabilityPicture';
import { EntityRequestsTable } from '../EntityRequests';
import { RequestChangeButton } from '../RequestChange';
import { StatusCounts } from '../StatusCounts';
import { EntityPoliciesTable } from './EntityPoliciesTable';
import { unguardedClusters } from './unguardedClusters';
import { UnguardedClustersWarning } from './UnguardedClustersWarning';

// Guards change by an install, not by drift; the interval refresh is enough.
const noSignal = () => false;

/**
 * The "Network policies" tab of an entity: who may reach its pods, and its sealed policies
 * across clusters with their drift status, live, and the requests to replace them. Entities without a policy source are told
 * which annotation to add.
 */
export function EntityNetsealContent(props: { refreshIntervalMs?: number }) {
  const { entity } = useEntity();
  if (!isNetsealAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={POLICY_SOURCE_ANNOTATION} />
    );
  }
  return (
    <EntityNetsealView
      entity={entity}
      refreshIntervalMs={props.refreshIntervalMs}
    />
  );
}

/** Whether the policy is sealed in the policy source, so a request can edit it. */
function isSealed(policies: readonly PolicyStatus[], policy: PolicyName) {
  return policies.some(
    candidate =>
      candidate.cluster === policy.cluster &&
      candidate.namespace === policy.namespace &&
      candidate.name === policy.name &&
      candidate.seal !== undefined,
  );
}

function EntityNetsealView(props: {
  entity: Entity;
  refreshIntervalMs?: number;
}) {
  const api = useApi(netsealApiRef);
  const entityRef = stringifyEntityRef(props.entity);
  const entityName = useMemo(
    () => getCompoundEntityRef(props.entity),
    [props.entity],
  );
  const [selected, setSelected] = useState<PolicyName | undefined>();
  const [filed, setFiled] = useState<string>();
  const isRelevant = useCallback(
    (signal: DriftSignalMessage) => isSignalForEntity(signal, entityRef),
    [entityRef],
  );

  const policies = useLiveData({
    key: entityRef,
    load: () => api.getEntityPolicies(entityName),
    isRelevant,
    intervalMs: props.refreshIntervalMs,
  });
  // Only for the guard warning: a failure here hides the warning, never the tab.
  const fleetClusters = useLiveData({
    key: entityRef,
    load: async () => (await api.getClusters()).items,
    isRelevant: noSignal,
    intervalMs: props.refreshIntervalMs,
  });
  const reachability = useLiveData({
    key: entityRef,
    load: async () => (await api.getEntityReachability(entityName)).items,
    isRelevant,
    intervalMs: props.refreshIntervalMs,
  });
  const unguarded = useMemo(
    () =>
      unguardedClusters(policies.value?.items ?? [], fleetClusters.value ?? []),
    [policies.value, fleetClusters.value],
  );

  return (
    <LiveDataView data={policies} entityRef={entityRef}>
      {value =>
        value.items.length === 0 ? (
          <>
            <PolicySourceErrorBanner policies={value} />
            <EmptyState
              missing="content"
              title="No network policies yet"
              description={`The policy source${
                value.policySource ? ` ${value.policySource}` : ''
              } holds no NetworkPolicy for ${entityRef}, and no live policy selects its pods. Add sealed manifests to the policy source to protect the service.`}
            />
          </>
        ) : (
          <Grid container spacing={3}>
            {value.sourceError && (
              <Grid item xs={12}>
                <PolicySourceErrorBanner policies={value} />
              </Grid>
            )}
            <Grid item xs={12}>
              <Box
                display="flex"
                alignItems="center"
                flexWrap="wrap"
                style={{ gap: 16 }}
              >
                {value.worstStatus && (
                  <WorstStatus status={value.worstStatus} />
                )}
                <StatusCounts counts={value.counts} hideZero />
                <Box flexGrow={1} />
                <LastUpdated at={policies.lastUpdated} />
                <RequestChangeButton
                  entity={props.entity}
                  entityRef={entityRef}
                  policies={value.items}
                  onFiled={request => setFiled(request.id)}
                />
              </Box>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Who can reach the pods">
                <LiveDataView data={reachability} entityRef={entityRef}>
                  {clusters => (
                    <EntityReachability
                      clusters={clusters}
                      entity={entityName}
                    />
                  )}
                </LiveDataView>
              </InfoCard>
            </Grid>
            {unguarded.length > 0 && (
              <Grid item xs={12}>
                <UnguardedClustersWarning clusters={unguarded} />
              </Grid>
            )}
            <Grid item xs={12}>
              <EntityPoliciesTable
                policies={value.items}
                onSelect={setSelected}
              />
            </Grid>
            <Grid item xs={12}>
              <EntityRequestsTable
                entityRef={entityRef}
                filed={filed}
                refreshIntervalMs={props.refreshIntervalMs}
              />
            </Grid>
            <PolicyDetailDrawer
              entity={entityName}
              entityRef={entityRef}
              policy={selected}
              onClose={() => setSelected(undefined)}
              policies={value.items}
              onRequestFiled={request => setFiled(request.id)}
              actions={
                selected &&
                isSealed(value.items, selected) && (
                  <RequestChangeButton
                    entity={props.entity}
                    entityRef={entityRef}
                    policies={value.items}
                    initialPolicy={selected}
                    label="Request change to this policy"
                    onFiled={request => setFiled(request.id)}
                  />
                )
              }
            />
          </Grid>
        )
      }
    </LiveDataView>
  );
}
