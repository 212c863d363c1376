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
import { DriftStatusChip } from '../DriftStatusChip';
import { NETSEAL_CONTENT_PATH } from '../EntityNetsealCard';
import { PolicyStatusExplanation } from '../PolicyStatusExplanation';
import { RelativeTime } from '../RelativeTime';
import { ShortSeal } from '../ShortSeal';
import { FleetFilters, fleetQuery } from './fleetQuery';

const PAGE_SIZES = [20, 50, 100];

/**
 * Every policy of the fleet that matches the filters, a page at a time from the server.
 * Each row links to its entity's "Network policies" tab.
 */
export function FleetPoliciesTable(props: { filters: FleetFilters }) {
  const { filters } = props;
  const api = useApi(netsealApiRef);
  const entityPath = useEntityRefLink();
  const [error, setError] = useState<Error | undefined>();

  const columns: TableColumn<FleetPolicy>[] = [
    {
      title: 'Policy',
      field: 'name',
      highlight: true,
      render: policy => (
        <Link
          to={`${entityPath(
            parseEntityRef(policy.entityRef),
          )}/${NETSEAL_CONTENT_PATH}`}
        >
          {policy.name}
        </Link>
      ),
    },
    {
      title: 'Entity',
      field: 'entityRef',
      render: policy => <EntityRefLink entityRef={policy.entityRef} />,
    },
    { title: 'Cluster', field: 'cluster' },
    { title: 'Namespace', field: 'namespace' },
    {
      title: 'Seal',
      field: 'seal',
      render: policy => <ShortSeal seal={policy.seal} />,
    },
    {
      title: 'Drift status',
      field: 'status',
      render: policy => (
        <>
          <DriftStatusChip status={policy.status} />
          <PolicyStatusExplanation policy={policy} />
        </>
      ),
    },
    {
      title: 'Last checked',
      field: 'checkedAt',
      render: policy => <RelativeTime value={policy.checkedAt} />,
    },
  ];

  return (
    <>
      {error && <ResponseErrorPanel error={error} />}
      <Table<FleetPolicy>
        // A new filter starts again at the first page.
        key={JSON.stringify(filters)}
        title="Policies across the fleet"
        columns={columns}
        options={{
          paging: true,
          pageSize: PAGE_SIZES[0],
          pageSizeOptions: PAGE_SIZES,
          search: false,
          sorting: false,
          padding: 'dense',
          draggable: false,
          emptyRowsWhenPaging: false,
        }}
        data={async query => {
          try {
            const { items, totalCount } = await api.getFleetPolicies(
              fleetQuery(filters, query),
            );
            setError(undefined);
            return { data: items, page: query.page, totalCount };
          } catch (e) {
            setError(e instanceof Error ? e : new Error(String(e)));
            return { data: [], page: 0, totalCount: 0 };
          }
        }}
        localization={{
          body: {
            emptyDataSourceMessage:
              'No policy matches these filters. With the default filters, that means every policy is in sync or pending.',
          },
        }}
      />
    </>
  );
}
