// Beyond this many line pairs the longest common subsequence costs too much memory for a
// request's description; the whole old and new texts are shown instead.
const MAX_CELLS = 4_000_000;

/**
 * A unified-style line diff of two texts (`-` old, `+` new, ` ` both), by longest common
 * subsequence, for a pull request's description.
 */
export function diffLines(oldText: string, newText: string): string[] {
  const a = oldText ? oldText.replace(/\n$/, '').split('\n') : [];
  const b = newText ? newText.replace(/\n$/, '').split('\n') : [];
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map(line => `-${line}`), ...b.map(line => `+${line}`)];
  }
  const common: Uint32Array[] = [];
  for (let i = a.length; i >= 0; i -= 1) {
    common[i] = new Uint32Array(b.length + 1);
    if (i === a.length) continue;
    for (let j = b.length - 1; j >= 0; j -= 1) {
      common[i][j] =
        a[i] === b[j]
          ? common[i + 1][j + 1] + 1
          : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(` ${a[i]}`);
      i += 1;
      j += 1;
    } else if (
      j < b.length &&
      (i === a.length || common[i][j + 1] > common[i + 1][j])
    ) {
      lines.push(`+${b[j]}`);
      j += 1;
    } else {
      lines.push(`-${a[i]}`);
      i += 1;
    }
  }
  return lines;
}
