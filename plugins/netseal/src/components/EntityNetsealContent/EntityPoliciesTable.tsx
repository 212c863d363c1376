import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  compareDriftStatus,
  DRIFT_STATUSES,
  DriftStatus,
  isDriftStatus,
  PolicyStatus,
} from '@netseal/backstage-plugin-netseal-common';
import { memo, useMemo, useState } from 'react';
import type { PolicyName } from '../../api';
import { DriftStatusChip } from '../DriftStatusChip';
import { RelativeTime } from '../RelativeTime';
import { ShortSeal } from '../ShortSeal';
import { PolicyStatusExplanation } from '../PolicyStatusExplanation';
import { comparePolicies } from './sortPolicies';

const ALL = '';

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
  const rows = useMemo(
    () =>
      policies
        .filter(policy => cluster === ALL || policy.cluster === cluster)
        .filter(policy => status === ALL || policy.status === status)
        .sort(comparePolicies),
    [policies, cluster, status],
  );

  // Stable columns and a memoised table: material-table re-processes every row when its
  // columns change, and opening a policy must not redraw the table.
  const columns = useMemo<TableColumn<PolicyStatus>[]>(
    () => [
      {
        title: 'Name',
        field: 'name',
        highlight: true,
        render: policy => (
          <Link
            component="button"
            variant="body2"
            onClick={() => onSelect(policy)}
            aria-label={`Open policy ${policy.name} in ${policy.cluster}`}
          >
            {policy.name}
          </Link>
        ),
      },
      { title: 'Cluster', field: 'cluster' },
      { title: 'Namespace', field: 'namespace' },
      {
        title: 'Seal',
        field: 'seal',
        sorting: false,
        render: policy => <ShortSeal seal={policy.seal} />,
      },
      {
        title: 'Drift status',
        field: 'status',
        defaultSort: 'asc',
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
        render: policy => <RelativeTime value={policy.checkedAt} />,
      },
    ],
    [onSelect],
  );

  return (
    <>
      <Box display="flex" flexWrap="wrap" mb={2}>
        <TextField
          select
          id="netseal-policies-cluster"
          label="Cluster"
          value={cluster}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          onChange={event => setCluster(event.target.value)}
          style={{ minWidth: 180, marginRight: 16 }}
        >
          <MenuItem value={ALL}>All clusters</MenuItem>
          {clusters.map(name => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          id="netseal-policies-status"
          label="Status"
          value={status}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          onChange={event => {
            const value = event.target.value;
            setStatus(isDriftStatus(value) ? value : ALL);
          }}
          style={{ minWidth: 180 }}
        >
          <MenuItem value={ALL}>All statuses</MenuItem>
          {DRIFT_STATUSES.map(name => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Table<PolicyStatus>
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
    </>
  );
});
