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
