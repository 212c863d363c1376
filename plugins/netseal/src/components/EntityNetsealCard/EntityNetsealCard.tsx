import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  POLICY_SOURCE_ANNOTATION,
  DriftSignalMessage,
} from '@netseal/backstage-plugin-netseal-common';
import { useCallback, useMemo } from 'react';
import { netsealApiRef } from '../../api';
import { isSignalForEntity, useLiveData } from '../../hooks';
import { isNetsealAvailable } from '../../isNetsealAvailable';
import { WorstStatus } from '../DriftStatusChip';
import { LastUpdated } from '../LastUpdated';
import { LiveDataView } from '../LiveDataView';
import { PolicySourceErrorBanner } from '../PolicySourceError';
import { StatusCounts } from '../StatusCounts';

/** The path of the entity content, as both frontend systems mount it by default. */
export const NETSEAL_CONTENT_PATH = 'netseal';

/**
 * An overview card: how many of the entity's policies have each drift status, the worst
 * status, and a link into the "Network policies" tab. Refreshes by itself.
 */
export function EntityNetsealCard(props: {
  /** Where the tab is mounted below the entity's page; `netseal` unless the app chose otherwise. */
  contentPath?: string;
  refreshIntervalMs?: number;
}) {
  const { entity } = useEntity();
  if (!isNetsealAvailable(entity)) {
    return (
      <InfoCard title="Network policies">
        <MissingAnnotationEmptyState annotation={POLICY_SOURCE_ANNOTATION} />
      </InfoCard>
    );
  }
  return <EntityNetsealCardView entity={entity} {...props} />;
}

function EntityNetsealCardView(props: {
  entity: Entity;
  contentPath?: string;
  refreshIntervalMs?: number;
}) {
  const { entity } = props;
  const api = useApi(netsealApiRef);
  const entityRef = stringifyEntityRef(entity);
  const entityName = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const entityPath = useEntityRefLink()(entity);
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

  return (
    <InfoCard
      title="Network policies"
      deepLink={{
        title: 'View network policies',
        link: `${entityPath}/${props.contentPath ?? NETSEAL_CONTENT_PATH}`,
      }}
    >
      <LiveDataView data={policies} entityRef={entityRef}>
        {value => (
          <>
            <PolicySourceErrorBanner policies={value} />
            {value.items.length === 0 ? (
              <Typography>
                No network policy protects {entity.metadata.name} yet.
              </Typography>
            ) : (
              <>
                {value.worstStatus && (
                  <Box mb={2}>
                    <WorstStatus
                      status={value.worstStatus}
                      of={`of ${value.items.length} ${
                        value.items.length === 1 ? 'policy' : 'policies'
                      }`}
                    />
                  </Box>
                )}
                <StatusCounts counts={value.counts} />
                <Box mt={2}>
                  <LastUpdated at={policies.lastUpdated} />
                </Box>
              </>
            )}
          </>
        )}
      </LiveDataView>
    </InfoCard>
  );
}
