import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { DriftStatus } from '@netseal/backstage-plugin-netseal-common';
import { DriftStatusChip } from './DriftStatusChip';

/** The roll-up of some policies: the worst of their statuses, labelled as such. */
export function WorstStatus(props: { status: DriftStatus; of?: string }) {
  return (
    <Box
      role="group"
      aria-label="Worst status"
      display="flex"
      alignItems="center"
      style={{ gap: 8 }}
    >
      <Typography>Worst status</Typography>
      <DriftStatusChip status={props.status} />
      {props.of && <Typography color="textSecondary">{props.of}</Typography>}
    </Box>
  );
}
