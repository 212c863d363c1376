import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import {
  compareDriftStatus,
  DriftStatus,
  isDriftStatus,
  PolicyStatus,
} from '@netseal/backstage-plugin-netseal-common';
import { memo, useMemo, useState } from 'react';
import type { PolicyName } from '../../api';
import {
  DRIFT_STATUSES_WORST_FIRST,
  DriftStatusChip,
} from '../DriftStatusChip';
import { FilterField } from '../FilterField';
import {
  fitContent,
  ReadableTable,
  withBreakOpportunities,
} from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';
import { ShortSeal } from '../ShortSeal';
import { PolicyStatusExplanation } from '../PolicyStatusExplanation';
import { comparePolicies } from './sortPolicies';

const ALL = '';

/** A policy as a table row, with the unique id material-table keeps its row state by. */
type PolicyRow = PolicyStatus & { id: string };

/**
 * The entity's policies across its clusters, worst status first, filterable by cluster and
 * status. A policy's name opens its details.
 */
export const EntityPoliciesTable = memo(function PoliciesTable(props: {
  policies: PolicyStatus[];
  onSelect: (policy: PolicyName) => void;
}) {
  const { policies, onSelect } = props;
  const [cluster, setCluster] = useState<string>(ALL);
  const [status, setStatus] = useState<DriftStatus | typeof ALL>(ALL);

  const clusters = useMemo(
    () => [...new Set(policies.map(policy => policy.cluster))].sort(),
    [policies],
  );
  const rows = useMemo<PolicyRow[]>(
    () =>
      policies
        .filter(policy => cluster === ALL || policy.cluster === cluster)
        .filter(policy => status === ALL || policy.status === status)
        .sort(comparePolicies)
        .map(policy => ({
          ...policy,
          id: `${policy.cluster}/${policy.namespace}/${policy.name}`,
        })),
    [policies, cluster, status],
  );

  // Stable columns and a memoised table: material-table re-processes every row when its
  // columns change, and opening a policy must not redraw the table.
  const columns = useMemo<TableColumn<PolicyRow>[]>(
    () => [
      {
        // namespace/name, as kubectl names a policy: one column instead of two leaves
        // the policy's name room to stay on one line.
        title: 'Policy',
        field: 'name',
        highlight: true,
        width: '30%',
        cellStyle: { minWidth: 240 },
        customSort: (a, b) =>
          a.namespace.localeCompare(b.namespace) ||
          a.name.localeCompare(b.name),
        render: policy => (
          <Link
            component="button"
            variant="body2"
            style={{ textAlign: 'left' }}
            onClick={() => onSelect(policy)}
            aria-label={`Open policy ${policy.namespace}/${policy.name} in ${policy.cluster}`}
          >
            {withBreakOpportunities(`${policy.namespace}/${policy.name}`)}
          </Link>
        ),
      },
      { title: 'Cluster', field: 'cluster', ...fitContent() },
      // Shown in the Policy column; kept for the table's search.
      {
        title: 'Namespace',
        field: 'namespace',
        hidden: true,
        searchable: true,
      },
      {
        title: 'Seal',
        field: 'seal',
        sorting: false,
        ...fitContent(),
        render: policy => <ShortSeal seal={policy.seal} />,
      },
      {
        title: 'Drift status',
        field: 'status',
        defaultSort: 'asc',
        // The rest of the width: the reason of an unknown or unsealed status wraps here.
        width: '66%',
        customSort: (a, b) => compareDriftStatus(a.status, b.status),
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
        ...fitContent(),
        render: policy => <RelativeTime value={policy.checkedAt} />,
      },
    ],
    [onSelect],
  );

  return (
    <>
      <Box display="flex" flexWrap="wrap" mb={2}>
        <FilterField
          select
          id="netseal-policies-cluster"
          label="Cluster"
          value={cluster}
          SelectProps={{ displayEmpty: true }}
          onChange={event => setCluster(event.target.value)}
          style={{ minWidth: 180, marginRight: 16 }}
        >
          <MenuItem value={ALL}>All clusters</MenuItem>
          {clusters.map(name => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </FilterField>
        <FilterField
          select
          id="netseal-policies-status"
          label="Status"
          value={status}
          SelectProps={{ displayEmpty: true }}
          onChange={event => {
            const value = event.target.value;
            setStatus(isDriftStatus(value) ? value : ALL);
          }}
          style={{ minWidth: 180 }}
        >
          <MenuItem value={ALL}>All statuses</MenuItem>
          {DRIFT_STATUSES_WORST_FIRST.map(name => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </FilterField>
      </Box>
      <ReadableTable>
        <Table<PolicyRow>
          title="Sealed policies"
          columns={columns}
          data={rows}
          // The whole row opens the policy for a pointer; the name is the keyboard's way in.
          onRowClick={(_event, policy) => policy && onSelect(policy)}
          options={{
            paging: rows.length > 20,
            pageSize: 20,
            pageSizeOptions: [20, 50, 100],
            padding: 'dense',
            draggable: false,
            emptyRowsWhenPaging: false,
          }}
          emptyContent={
            <Box p={2}>No policy matches the cluster and status chosen.</Box>
          }
        />
      </ReadableTable>
    </>
  );
});
