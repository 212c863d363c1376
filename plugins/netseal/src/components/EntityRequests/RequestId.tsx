import { ShortId } from '../ShortId';
import { shortRequestId } from './shortRequestId';

/** A request's id as `#1a2b3c4d`, the whole id in its title and copied by its button. */
export function RequestId(props: { id: string }) {
  return (
    <ShortId
      value={props.id}
      shown={shortRequestId(props.id)}
      prefix="#"
      kind="request id"
    />
  );
}
