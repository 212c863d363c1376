import Box from '@material-ui/core/Box';
import type { DriftStatusCounts } from '@netseal/backstage-plugin-netseal-common';
import {
  DRIFT_STATUSES_WORST_FIRST,
  DriftStatusChip,
} from '../DriftStatusChip';

/** How many policies have each drift status, worst first, each as a status chip with its number. */
export function StatusCounts(props: {
  counts: DriftStatusCounts;
  label?: string;
  /** Leave out statuses no policy has. */
  hideZero?: boolean;
}) {
  const { counts, label = 'Policies by drift status', hideZero } = props;
  const statuses = DRIFT_STATUSES_WORST_FIRST.filter(
    status => !hideZero || counts[status] > 0,
  );
  return (
    <Box
      component="ul"
      aria-label={label}
      display="flex"
      flexWrap="wrap"
      p={0}
      m={0}
      style={{ listStyle: 'none', gap: 8 }}
    >
      {statuses.map(status => (
        <li key={status}>
          <DriftStatusChip status={status} count={counts[status]} />
        </li>
      ))}
    </Box>
  );
}
