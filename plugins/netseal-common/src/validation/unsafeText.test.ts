import { findUnsafeCharacter, unsafeTextProblem } from './unsafeText';

describe('unsafeTextProblem', () => {
  it.each([
    ['a NUL', 'a\u0000b', 'U+0000 (NUL, a control character) at character 2'],
    [
      'an ANSI colour escape',
      '\u001b[31mred',
      'U+001B (ESCAPE, a control character) at character 1',
    ],
    [
      'a backspace',
      'ok\bno',
      'U+0008 (BACKSPACE, a control character) at character 3',
    ],
    [
      'a lone carriage return',
      'done\rfake',
      'U+000D (CARRIAGE RETURN, a control character) at character 5',
    ],
    ['DEL', 'x\u007f', 'U+007F (DELETE, a control character) at character 2'],
    ['a C1 control', 'x\u009by', 'U+009B (a control character) at character 2'],
    [
      'a right-to-left override',
      'access \u202eevil\u202c',
      'U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control) at character 8',
    ],
    [
      'a left-to-right isolate',
      '\u2066x',
      'U+2066 (LEFT-TO-RIGHT ISOLATE, a bidi control) at character 1',
    ],
    [
      'a right-to-left mark',
      'x\u200f',
      'U+200F (RIGHT-TO-LEFT MARK, a bidi control) at character 2',
    ],
    [
      'an Arabic letter mark',
      '\u061c',
      'U+061C (ARABIC LETTER MARK, a bidi control) at character 1',
    ],
    [
      'a zero-width space',
      'pay\u200bments',
      'U+200B (ZERO WIDTH SPACE, a zero-width character) at character 4',
    ],
    [
      'a zero-width joiner',
      'a\u200db',
      'U+200D (ZERO WIDTH JOINER, a zero-width character) at character 2',
    ],
    [
      'a byte order mark',
      '\ufeffreason',
      'U+FEFF (ZERO WIDTH NO-BREAK SPACE, a zero-width character) at character 1',
    ],
    [
      'a word joiner',
      'a\u2060b',
      'U+2060 (WORD JOINER, a zero-width character) at character 2',
    ],
    [
      'a tag character',
      'ok\u{E0041}',
      'U+E0041 (an invisible tag character) at character 3',
    ],
    [
      'a line separator',
      'one\u2028two',
      'U+2028 (LINE SEPARATOR, a line break only some viewers show) at character 4',
    ],
    [
      'a lone surrogate',
      'x\ud800',
      'U+D800 (a lone surrogate, no character at all) at character 2',
    ],
  ])('refuses %s, naming it and where', (_case, text, expected) => {
    expect(unsafeTextProblem(text)).toBe(
      `holds ${expected}; remove it: control characters, bidi controls and invisible characters are refused in text that goes into Git, pull requests and logs, where they can make it read differently from what it says`,
    );
  });

  it.each([
    ['plain text', 'checkout moved to 9443'],
    ['tabs and line ends', 'first line\n\tsecond\r\nthird'],
    [
      'accents and other scripts',
      'déplacé vers 9443; перенесено; 移動しました',
    ],
    ['right-to-left text written without controls', 'שלום עולם، مرحبا'],
    ['an emoji outside the basic plane', 'ship it 🚀'],
    ['an emoji with a variation selector', 'love it ❤️'],
    ['nothing', ''],
  ])('accepts %s', (_case, text) => {
    expect(unsafeTextProblem(text)).toBeUndefined();
  });

  it('says where, by line and column, in a text of several lines', () => {
    expect(
      unsafeTextProblem('kind: NetworkPolicy\n# 🚀 a\u202eb\n', {
        multiline: true,
      }),
    ).toMatch(
      /^holds U\+202E \(RIGHT-TO-LEFT OVERRIDE, a bidi control\) at line 2, column 6;/,
    );
  });

  it('counts a character beyond the basic plane as one column', () => {
    expect(findUnsafeCharacter('🚀\u0000')).toEqual(
      expect.objectContaining({ index: 2, line: 1, column: 2 }),
    );
  });
});
