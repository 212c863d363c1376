/** Replace `text[start, end)` with `text`. Offsets are into the original text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits, all addressed in the original text. */
export function applyTextEdits(
  text: string,
  edits: readonly TextEdit[],
): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}
