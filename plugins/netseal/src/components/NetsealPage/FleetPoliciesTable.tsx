import { parseEntityRef } from '@backstage/catalog-model';
import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import type { FleetPolicy } from '@netseal/backstage-plugin-netseal-common';
import { useState } from 'react';
import { netsealApiRef } from '../../api';
import { DriftAttributionText } from '../DriftAttribution';
import { DriftStatusChip } from '../DriftStatusChip';
import { NETSEAL_CONTENT_PATH } from '../EntityNetsealCard';
import { PolicyStatusExplanation } from '../PolicyStatusExplanation';
import {
  fitContent,
  ReadableTable,
  withBreakOpportunities,
} from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';
import { ShortSeal } from '../ShortSeal';
import { FleetFilters, fleetQuery } from './fleetQuery';

const PAGE_SIZES = [20, 50, 100];

/** A fleet policy as a table row, with the unique id material-table keeps its row state by. */
type FleetPolicyRow = FleetPolicy & { id: string };

function PolicyLink(props: { policy: FleetPolicy }) {
  const entityPath = useEntityRefLink();
  const { policy } = props;
  return (
    <Link
      to={`${entityPath(
        parseEntityRef(policy.entityRef),
      )}/${NETSEAL_CONTENT_PATH}`}
    >
      {withBreakOpportunities(`${policy.namespace}/${policy.name}`)}
    </Link>
  );
}

// Module-level columns: material-table resets its state whenever its columns are new
// objects with new functions, and warns about it.
const columns: TableColumn<FleetPolicyRow>[] = [
  {
    // namespace/name, as kubectl names a policy: one column instead of two leaves the
    // policy's name room to stay on one line.
    title: 'Policy',
    field: 'name',
    width: '30%',
    cellStyle: { minWidth: 220 },
    render: policy => <PolicyLink policy={policy} />,
  },
  {
    title: 'Entity',
    field: 'entityRef',
    ...fitContent(),
    render: policy => <EntityRefLink entityRef={policy.entityRef} />,
  },
  { title: 'Cluster', field: 'cluster', ...fitContent() },
  {
    title: 'Seal',
    field: 'seal',
    ...fitContent(),
    render: policy => <ShortSeal seal={policy.seal} />,
  },
  {
    title: 'Drift status',
    field: 'status',
    // The rest of the width: the reason of an unknown or unsealed status wraps here.
    width: '65%',
    render: policy => (
      <>
        <DriftStatusChip status={policy.status} />
        <PolicyStatusExplanation policy={policy} />
        <DriftAttributionText attribution={policy.attribution} />
      </>
    ),
  },
  {
    title: 'Last checked',
    field: 'checkedAt',
    ...fitContent(),
    render: policy => <RelativeTime value={policy.checkedAt} />,
  },
];

const options = {
  paging: true,
  pageSize: PAGE_SIZES[0],
  pageSizeOptions: PAGE_SIZES,
  search: false,
  sorting: false,
  padding: 'dense',
  draggable: false,
  emptyRowsWhenPaging: false,
} as const;

const localization = {
  body: {
    emptyDataSourceMessage:
      'No policy matches these filters. With the default filters, that means every policy is in sync or pending.',
  },
};

/**
 * Every policy of the fleet that matches the filters, a page at a time from the server.
 * Each row links to its entity's "Network policies" tab.
 */
export function FleetPoliciesTable(props: { filters: FleetFilters }) {
  const { filters } = props;
  const api = useApi(netsealApiRef);
  const [error, setError] = useState<Error | undefined>();

  return (
    <>
      {error && <ResponseErrorPanel error={error} />}
      <ReadableTable>
        <Table<FleetPolicyRow>
          // A new filter starts again at the first page.
          key={JSON.stringify(filters)}
          title="Policies across the fleet"
          columns={columns}
          options={options}
          data={async query => {
            try {
              const { items, totalCount } = await api.getFleetPolicies(
                fleetQuery(filters, query),
              );
              setError(undefined);
              return {
                data: items.map(policy => ({
                  ...policy,
                  id: `${policy.entityRef}|${policy.cluster}/${policy.namespace}/${policy.name}`,
                })),
                page: query.page,
                totalCount,
              };
            } catch (e) {
              setError(e instanceof Error ? e : new Error(String(e)));
              return { data: [], page: 0, totalCount: 0 };
            }
          }}
          localization={localization}
        />
      </ReadableTable>
    </>
  );
}
