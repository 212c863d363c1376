// Where a token too long for a line may break: after the separators of a label
// selector, a path or a CIDR list (`backstage.io/` `kubernetes-id=`), never inside a word.
const SEPARATORS = '/-=:,';

/** The end of the longest first line of a token of `text`, at a separator, or 0. */
function lastSeparatorEnd(text: string, maxChars: number): number {
  for (let index = Math.min(maxChars, text.length) - 1; index > 0; index--) {
    if (SEPARATORS.includes(text[index])) {
      return index + 1;
    }
  }
  return 0;
}

/**
 * Breaks text into at most `maxLines` lines of at most `maxChars` characters, at spaces
 * where it can, else after a separator (`/`, `-`, `=`, `:`, `,`), and inside a word only
 * when it has none; whatever does not fit ends in an ellipsis. SVG text does not wrap
 * itself.
 */
export function wrapText(
  text: string,
  maxChars: number,
  maxLines: number,
): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > 0 && lines.length < maxLines) {
    if (rest.length <= maxChars) {
      lines.push(rest);
      rest = '';
      break;
    }
    const space = rest.lastIndexOf(' ', maxChars);
    const separator = lastSeparatorEnd(rest, maxChars);
    let cut = maxChars;
    if (space > 0) {
      cut = space;
    } else if (separator > 0) {
      cut = separator;
    }
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) {
    const last = lines[lines.length - 1];
    lines[lines.length - 1] = `${last.slice(0, maxChars - 1).trimEnd()}…`;
  }
  return lines;
}
