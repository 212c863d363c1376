import { Problem } from './Problem';

/** File by file, top to bottom; problems about a whole file before those at a line. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => {
    if (a.file !== b.file) {
      return a.file < b.file ? -1 : 1;
    }
    return (a.line ?? 0) - (b.line ?? 0);
  });
}
