/** Replace `text[start, end)` with `text`. Offsets are into the original text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits, all addressed in the original text, in one pass. */
export function applyTextEdits(
  text: string,
  edits: readonly TextEdit[],
): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let position = 0;
  for (const edit of sorted) {
    parts.push(text.slice(position, edit.start), edit.text);
    position = edit.end;
  }
  parts.push(text.slice(position));
  return parts.join('');
}
