/**
 * The allowed name a mistyped one was most likely meant to be: same letters in another
 * case, or at most two edits away (one for short names). Undefined when none is close.
 */
export function closestName(
  written: string,
  allowed: readonly string[],
): string | undefined {
  if (written.length > 64) {
    return undefined;
  }
  const lower = written.toLowerCase();
  const sameButCase = allowed.find(name => name.toLowerCase() === lower);
  if (sameButCase) {
    return sameButCase;
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of allowed) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const tolerance = Math.min(written.length, best?.length ?? 0) <= 4 ? 1 : 2;
  return bestDistance <= tolerance ? best : undefined;
}

// Levenshtein distance, with a transposition counting as one edit (optimal string
// alignment), since swapped letters are the commonest typo.
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
  }
  for (let j = 1; j <= b.length; j++) {
    rows[0][j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(
        rows[i - 1][j] + 1,
        rows[i][j - 1] + 1,
        rows[i - 1][j - 1] + substitution,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}
