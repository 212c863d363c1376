import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { StatusTransition } from '@netseal/backstage-plugin-netseal-common';
import { DriftStatusChip } from '../DriftStatusChip';
import { RelativeTime } from '../RelativeTime';

const columns: TableColumn<StatusTransition>[] = [
  {
    title: 'When',
    field: 'occurredAt',
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
  { title: 'Reason', field: 'reason' },
];

/** A policy's drift status transitions, newest first. */
export function PolicyHistory(props: { transitions: StatusTransition[] }) {
  return (
    <Table<StatusTransition>
      title="Status history"
      columns={columns}
      data={props.transitions}
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No status change recorded yet.
        </Typography>
      }
    />
  );
}
