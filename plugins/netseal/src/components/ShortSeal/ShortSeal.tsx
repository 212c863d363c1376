import Typography from '@material-ui/core/Typography';
import { ShortId } from '../ShortId';

/** The first 12 hexadecimal digits of a seal (`sha256:<hex>`), enough to tell seals apart by eye. */
export function shortSeal(seal: string): string {
  const hex = seal.startsWith('sha256:') ? seal.slice('sha256:'.length) : seal;
  return hex.slice(0, 12);
}

/** A seal shortened to 12 digits, the whole seal in its title and copied by its button. */
export function ShortSeal(props: { seal?: string }) {
  const { seal } = props;
  if (!seal) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        no seal
      </Typography>
    );
  }
  return <ShortId value={seal} shown={shortSeal(seal)} kind="seal" />;
}
