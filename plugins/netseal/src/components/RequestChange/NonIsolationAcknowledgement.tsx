import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';

/**
 * The requester's acknowledgement that removing a policy leaves the pods it isolated open
 * to all traffic, under the server's message naming those pods. The server refuses the
 * removal without it.
 */
export function NonIsolationAcknowledgement(props: {
  /** Unique in the page: the message's element id. */
  id: string;
  /** The policy being removed, as people say it ("shop/allow-ledger in prod-eu"). */
  policy: string;
  message: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const messageId = `${props.id}-message`;
  return (
    <Box
      component="section"
      aria-label={`Removing ${props.policy}`}
      mt={1}
      mb={1}
    >
      <FormControlLabel
        label="I understand that removing this policy leaves these pods open to all traffic"
        control={
          <Checkbox
            checked={props.checked}
            onChange={event => props.onChange(event.target.checked)}
            inputProps={{ 'aria-describedby': messageId }}
          />
        }
      />
      <FormHelperText id={messageId} error={!props.checked}>
        {props.message}
      </FormHelperText>
    </Box>
  );
}
