/**
 * One step of a field path. A `name` step came from dotted notation, so it may be a piece
 * of a key that itself holds dots (`app.kubernetes.io/name`); `key` and `index` steps came
 * from brackets and are exact.
 */
export type FieldPathStep =
  | { type: 'name'; name: string }
  | { type: 'key'; key: string }
  | { type: 'index'; index: number };

/**
 * Reads a problem's field path, such as `spec.ingress[0].from[1].ipBlock.except[0]` or
 * `metadata.annotations["netseal.io/seal"]`. It never fails: text it cannot read becomes a
 * name step, which at worst points at a line too high up the tree.
 */
export function parseFieldPath(path: string): FieldPathStep[] {
  const steps: FieldPathStep[] = [];
  let position = 0;
  while (position < path.length) {
    const char = path[position];
    if (char === '.') {
      position += 1;
    } else if (char === '[') {
      const quote = path[position + 1];
      if (quote === '"' || quote === "'") {
        let end = position + 2;
        let key = '';
        while (end < path.length && path[end] !== quote) {
          if (path[end] === '\\' && end + 1 < path.length) {
            end += 1;
          }
          key += path[end];
          end += 1;
        }
        steps.push({ type: 'key', key });
        position = path.indexOf(']', end);
        position = position === -1 ? path.length : position + 1;
      } else {
        const end = path.indexOf(']', position);
        const inner = path.slice(position + 1, end === -1 ? path.length : end);
        if (/^\d+$/.test(inner)) {
          steps.push({ type: 'index', index: Number(inner) });
        } else {
          steps.push({ type: 'key', key: inner });
        }
        position = end === -1 ? path.length : end + 1;
      }
    } else {
      let end = position;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') {
        end += 1;
      }
      steps.push({ type: 'name', name: path.slice(position, end) });
      position = end;
    }
  }
  return steps;
}
