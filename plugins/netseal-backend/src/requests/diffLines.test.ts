import { diffLines } from './diffLines';

describe('diffLines', () => {
  it('marks removed and added lines and keeps the common ones', () => {
    expect(diffLines('a\nb\nc\n', 'a\nx\nc\n')).toEqual([
      ' a',
      '-b',
      '+x',
      ' c',
    ]);
  });

  it('shows a new file as all added and a deleted one as all removed', () => {
    expect(diffLines('', 'a\nb')).toEqual(['+a', '+b']);
    expect(diffLines('a\n', '')).toEqual(['-a']);
  });
});

describe('diffLines on texts too different to align', () => {
  it('shows the whole old text removed and the whole new text added', () => {
    const old = Array.from({ length: 3000 }, (_, i) => `old ${i}`).join('\n');
    const next = Array.from({ length: 3000 }, (_, i) => `new ${i}`).join('\n');
    const lines = diffLines(old, next);
    expect(lines).toHaveLength(6000);
    expect(lines[0]).toBe('-old 0');
    expect(lines[3000]).toBe('+new 0');
  });
});
