import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/**
 * A long identifier (a seal, a request id, a commit) shortened to what people tell them
 * apart by, with the whole value in its title and a button that copies the whole value.
 * It never wraps: a shortened id broken over two lines reads as two ids.
 */
export function ShortId(props: {
  /** The whole identifier, copied and shown in the title. */
  value: string;
  /** What is shown, e.g. the first 12 digits. */
  shown: string;
  /** What the identifier is, for the copy button: "seal", "request id". */
  kind: string;
  /** Text before the shown part, e.g. `#`. */
  prefix?: string;
}) {
  const { value, shown, kind, prefix = '' } = props;
  return (
    <Box
      component="span"
      display="inline-flex"
      alignItems="center"
      style={{ whiteSpace: 'nowrap', gap: 2 }}
    >
      <Typography
        variant="body2"
        component="code"
        title={value}
        style={{ fontFamily: 'monospace' }}
      >
        {`${prefix}${shown}`}
      </Typography>
      <CopyTextButton
        text={value}
        variant="tertiary"
        aria-label={`Copy ${kind} ${value}`}
        tooltipText={`Copied the whole ${kind}`}
      />
    </Box>
  );
}
