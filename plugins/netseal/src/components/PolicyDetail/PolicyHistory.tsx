import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { StatusTransition } from '@netseal/backstage-plugin-netseal-common';
import { DriftStatusChip } from '../DriftStatusChip';
import { ReadableTable, withBreakOpportunities } from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';

const columns: TableColumn<StatusTransition>[] = [
  {
    title: 'When',
    field: 'occurredAt',
    cellStyle: { whiteSpace: 'nowrap' },
    render: transition => <RelativeTime value={transition.occurredAt} />,
  },
  {
    title: 'From',
    field: 'from',
    render: transition =>
      transition.from ? (
        <DriftStatusChip status={transition.from} />
      ) : (
        <Typography variant="body2">first seen</Typography>
      ),
  },
  {
    title: 'To',
    field: 'to',
    render: transition =>
      transition.to ? (
        <DriftStatusChip status={transition.to} />
      ) : (
        <Typography variant="body2">no longer tracked</Typography>
      ),
  },
  {
    title: 'Reason',
    field: 'reason',
    render: transition =>
      transition.reason ? withBreakOpportunities(transition.reason) : null,
  },
];

const options = {
  paging: false,
  search: false,
  sorting: false,
  padding: 'dense',
  draggable: false,
} as const;

/** A policy's drift status transitions, newest first. */
export function PolicyHistory(props: { transitions: StatusTransition[] }) {
  return (
    <ReadableTable>
      <Table<StatusTransition>
        title="Status history"
        columns={columns}
        data={props.transitions}
        options={options}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            No status change recorded yet.
          </Typography>
        }
      />
    </ReadableTable>
  );
}
