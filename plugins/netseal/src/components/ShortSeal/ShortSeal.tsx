import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';

/** The first 12 hexadecimal digits of a seal (`sha256:<hex>`), enough to tell seals apart by eye. */
export function shortSeal(seal: string): string {
  const hex = seal.startsWith('sha256:') ? seal.slice('sha256:'.length) : seal;
  return hex.slice(0, 12);
}

/** A seal shortened to 12 digits, the whole seal in its tooltip. */
export function ShortSeal(props: { seal?: string }) {
  const { seal } = props;
  if (!seal) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        no seal
      </Typography>
    );
  }
  return (
    <Tooltip title={seal}>
      <Typography
        variant="body2"
        component="code"
        aria-label={`seal ${seal}`}
        style={{ fontFamily: 'monospace' }}
      >
        {shortSeal(seal)}
      </Typography>
    </Tooltip>
  );
}
