/**
 * Characters Netseal refuses in text that reaches Git, a commit, a pull request or a log,
 * by the reason a reader would be misled:
 *
 * - control characters (C0 but tab and line feed, DEL, C1): a NUL ends a string early in
 *   C-based tools such as git, an ANSI escape (ESC) repaints a terminal that shows the log,
 *   and a carriage return not followed by a line feed overwrites what was printed;
 * - bidi controls (Unicode's Bidi_Control property): they reorder how text is displayed
 *   without changing what it says, the "Trojan Source" attack (CVE-2021-42574);
 * - zero-width characters and tags: they hide text from the reviewer entirely;
 * - the line and paragraph separators: some viewers break the line there, others do not,
 *   so one log entry can read as two;
 * - lone surrogates: no Unicode character at all; written as UTF-8 they become U+FFFD.
 *
 * Right-to-left scripts need none of these (their direction comes from their letters),
 * so refusing them costs only the rare emoji joined with U+200D and Persian text that
 * uses U+200C. They are refused rather than shown escaped because the text is written
 * into Git history, where an escape would stay for good and read as garbage.
 */
const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'BELL',
  0x08: 'BACKSPACE',
  0x0b: 'LINE TABULATION',
  0x0c: 'FORM FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** One character Netseal refuses, where it is, and what it is. @public */
export interface UnsafeCharacter {
  /** Its index in the string, in UTF-16 code units. */
  index: number;
  /** 1-based line and column (in code points) of the character. */
  line: number;
  column: number;
  /** `U+202E`. */
  codePoint: string;
  /** `RIGHT-TO-LEFT OVERRIDE, a bidi control`. */
  description: string;
}

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a code point is refused, or undefined when it is allowed. */
function kindOf(code: number, next: number | undefined): string | undefined {
  if (code === 0x09 || code === 0x0a) return undefined;
  // A Windows line end is a line end; a lone carriage return overwrites the line.
  if (code === 0x0d) return next === 0x0a ? undefined : 'a control character';
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
    return 'a control character';
  }
  if (
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  ) {
    return 'a bidi control';
  }
  if (
    (code >= 0x200b && code <= 0x200d) ||
    code === 0x2060 ||
    code === 0xfeff
  ) {
    return 'a zero-width character';
  }
  if (code >= 0xe0000 && code <= 0xe007f) return 'an invisible tag character';
  if (code === 0x2028 || code === 0x2029)
    return 'a line break only some viewers show';
  if (code >= 0xd800 && code <= 0xdfff)
    return 'a lone surrogate, no character at all';
  return undefined;
}

/**
 * The first character of `text` that Netseal refuses in text that reaches Git, a
 * commit, a pull request or a log, or undefined when there is none. Tabs and line ends
 * (`\n`, `\r\n`) are allowed.
 *
 * @public
 */
export function findUnsafeCharacter(text: string): UnsafeCharacter | undefined {
  let line = 1;
  let column = 1;
  for (let index = 0; index < text.length; ) {
    // codePointAt pairs a valid surrogate pair and returns a lone surrogate as itself.
    const code = text.codePointAt(index)!;
    const width = code > 0xffff ? 2 : 1;
    const kind = kindOf(code, text.charCodeAt(index + width));
    if (kind) {
      const name = NAMES[code];
      return {
        index,
        line,
        column,
        codePoint: hex(code),
        description: name ? `${name}, ${kind}` : kind,
      };
    }
    if (code === 0x0a) {
      line += 1;
      column = 1;
    } else {
      column += 1;
    }
    index += width;
  }
  return undefined;
}

/**
 * What is wrong with a text field that reaches Git, a commit, a pull request or a log,
 * in the project's words (the problem and the fix; the caller names the field), or
 * undefined when nothing is. `multiline` says where in a text of several lines.
 *
 * @public
 */
export function unsafeTextProblem(
  text: string,
  options: { multiline?: boolean } = {},
): string | undefined {
  const found = findUnsafeCharacter(text);
  if (!found) return undefined;
  const where = options.multiline
    ? `line ${found.line}, column ${found.column}`
    : `character ${found.index + 1}`;
  return `holds ${found.codePoint} (${found.description}) at ${where}; remove it: control characters, bidi controls and invisible characters are refused in text that goes into Git, pull requests and logs, where they can make it read differently from what it says`;
}
