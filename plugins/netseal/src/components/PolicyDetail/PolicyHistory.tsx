import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { StatusTransition } from '@netseal/backstage-plugin-netseal-common';
import { DriftAttributionText } from '../DriftAttribution';
import { DriftStatusChip } from '../DriftStatusChip';
import {
  fitContent,
  ReadableTable,
  tableCells,
  withBreakOpportunities,
} from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';

// Plain data, drawn by `components`: see tableCells for why columns hold no functions.
const columns: TableColumn<StatusTransition>[] = [
  { title: 'When', field: 'occurredAt', ...fitContent() },
  { title: 'From', field: 'from', ...fitContent() },
  { title: 'To', field: 'to', ...fitContent() },
  { title: 'Reason', field: 'reason', width: '60%' },
  { title: 'Changed by', field: 'attribution', width: '37%' },
];

const components = {
  Cell: tableCells<StatusTransition>({
    occurredAt: transition => <RelativeTime value={transition.occurredAt} />,
    from: transition =>
      transition.from ? (
        <DriftStatusChip status={transition.from} />
      ) : (
        <Typography variant="body2">first seen</Typography>
      ),
    to: transition =>
      transition.to ? (
        <DriftStatusChip status={transition.to} />
      ) : (
        <Typography variant="body2">no longer tracked</Typography>
      ),
    reason: transition =>
      transition.reason ? withBreakOpportunities(transition.reason) : null,
    attribution: transition => (
      <DriftAttributionText attribution={transition.attribution} />
    ),
  }),
};

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
        components={components}
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
