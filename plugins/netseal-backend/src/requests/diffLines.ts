import { diffLines as diffTextLines } from 'diff';

// Beyond this many differing lines the diff costs more than a request's description is
// worth; the whole old and new texts are shown instead.
const MAX_EDIT_LENGTH = 2_000;

/** The text's lines, without the line break that ends the last one. */
function linesOf(text: string): string[] {
  return text ? text.replace(/\n$/, '').split('\n') : [];
}

/**
 * A unified-style line diff of two texts (`-` old, `+` new, ` ` both), for a pull
 * request's description and the request preview. A missing final line break is not a
 * difference: sealed manifests are compared as YAML documents.
 */
export function diffLines(oldText: string, newText: string): string[] {
  const a = linesOf(oldText);
  const b = linesOf(newText);
  const asText = (lines: string[]) => lines.map(line => `${line}\n`).join('');
  const changes = diffTextLines(asText(a), asText(b), {
    maxEditLength: MAX_EDIT_LENGTH,
  });
  if (!changes) {
    return [...a.map(line => `-${line}`), ...b.map(line => `+${line}`)];
  }
  return changes.flatMap(change => {
    let lead = ' ';
    if (change.added) lead = '+';
    if (change.removed) lead = '-';
    return linesOf(change.value).map(line => `${lead}${line}`);
  });
}
