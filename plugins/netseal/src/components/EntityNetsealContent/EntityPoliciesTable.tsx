import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import {
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
  tableCells,
  withBreakOpportunities,
} from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';
import { ShortSeal } from '../ShortSeal';
import { PolicyStatusExplanation } from '../PolicyStatusExplanation';
import { comparePolicies } from './sortPolicies';

const ALL = '';

/**
 * A policy as a table row: the unique id material-table keeps its row state by, and the
 * fields its columns show, sort and search by.
 */
type PolicyRow = PolicyStatus & {
  id: string;
  /** `namespace/name`, as kubectl names a policy. */
  qualifiedName: string;
  /** Worst first, so that sorting by it sorts by severity, not alphabetically. */
  statusRank: number;
};

// Plain data, drawn by tableCells: see there why columns hold no functions.
const columns: TableColumn<PolicyRow>[] = [
  {
    // One column instead of two leaves the policy's name room to stay on one line.
    title: 'Policy',
    field: 'qualifiedName',
    highlight: true,
    width: '30%',
    cellStyle: { minWidth: 240 },
  },
  { title: 'Cluster', field: 'cluster', ...fitContent() },
  { title: 'Seal', field: 'seal', sorting: false, ...fitContent() },
  {
    title: 'Drift status',
    field: 'statusRank',
    defaultSort: 'asc',
    searchable: false,
    // The rest of the width: the reason of an unknown or unsealed status wraps here.
    width: '66%',
  },
  { title: 'Last checked', field: 'checkedAt', ...fitContent() },
  // Shown within the columns above; kept for the table's search.
  { title: 'Status', field: 'status', hidden: true, searchable: true },
];

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
          qualifiedName: `${policy.namespace}/${policy.name}`,
          statusRank: DRIFT_STATUSES_WORST_FIRST.indexOf(policy.status),
        })),
    [policies, cluster, status],
  );

  // A memoised table with stable cells: opening a policy must not redraw the table.
  const components = useMemo(
    () => ({
      Cell: tableCells<PolicyRow>({
        qualifiedName: policy => (
          <Link
            component="button"
            variant="body2"
            style={{ textAlign: 'left' }}
            onClick={() => onSelect(policy)}
            aria-label={`Open policy ${policy.qualifiedName} in ${policy.cluster}`}
          >
            {withBreakOpportunities(policy.qualifiedName)}
          </Link>
        ),
        seal: policy => <ShortSeal seal={policy.seal} />,
        statusRank: policy => (
          <>
            <DriftStatusChip status={policy.status} />
            <PolicyStatusExplanation policy={policy} />
          </>
        ),
        checkedAt: policy => <RelativeTime value={policy.checkedAt} />,
      }),
    }),
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
          components={components}
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
