/** How many characters of a request id people tell requests apart by, as Git hosts shorten commits. */
const SHOWN = 8;

/** A request id as shown in tables and titles: a UUID's first 8 characters; short ids as they are. */
export function shortRequestId(id: string): string {
  return id.length > SHOWN + 4 ? id.slice(0, SHOWN) : id;
}
