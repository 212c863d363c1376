import { mayReadDifferentlyInYaml11 } from './mayReadDifferentlyInYaml11';
import {
  SourceDocument,
  SourceMap,
  SourceNode,
  SourcePair,
  SourceScalar,
  SourceScalarStyle,
  SourceSeq,
} from './SourceNode';

/** A document the fast reader read: its source tree and the data it stands for. */
export interface ScannedDocument extends SourceDocument {
  value: unknown;
}

/** A document the fast reader read without building its source tree. */
export interface ScannedValues {
  /** Offset where the document's content starts. */
  start: number;
  value: unknown;
  mayHoldAmbiguousScalars: boolean;
}

const CARRIAGE_RETURN = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const SINGLE_QUOTE = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const BLANK = 0;
const COMMENT = 1;
const CONTENT = 2;
const MARKER = 3;

/**
 * Characters this reader leaves to the `yaml` library: tabs and other controls, a carriage
 * return without its line feed, line and paragraph separators, surrogates, the byte order
 * mark and the specials block.
 */
const UNREAD_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff-\uffff]/;
const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

/** Longer implicit keys are a YAML error (1024 characters); these are left to the `yaml` library. */
const MAX_KEY_LENGTH = 1000;

/** Thrown to leave the fast reader for the `yaml` library; never escapes {@link scanManifestText}. */
const DECLINED = Symbol('declined');

// Plain scalars the YAML 1.2 core schema reads as numbers other than decimal integers
// (the `yaml` library's own tests, schema/core): rare in manifests, left to the library.
const OTHER_NUMBER =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const DECIMAL_INTEGER = /^[-+]?[0-9]+$/;

/** What the YAML 1.2 core schema reads a plain scalar as, or DECLINED. */
function resolvePlain(source: string): unknown {
  switch (source) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    default:
  }
  const first = source.charCodeAt(0);
  if (
    (first >= 48 && first <= 57) ||
    first === 43 ||
    first === DASH ||
    first === 46
  ) {
    if (DECIMAL_INTEGER.test(source)) {
      return parseInt(source, 10);
    }
    if (OTHER_NUMBER.test(source)) {
      throw DECLINED;
    }
  }
  return source;
}

/** Characters that cannot start a plain scalar (or start something this reader leaves alone). */
function isIndicator(code: number): boolean {
  switch (code) {
    case 33: // ! tag
    case 34: // " (handled before)
    case 35: // # comment
    case 37: // % directive
    case 38: // & anchor
    case 39: // ' (handled before)
    case 42: // * alias
    case 44: // ,
    case 58: // :
    case 62: // > folded block scalar
    case 63: // ? explicit key
    case 64: // @ reserved
    case 91: // [
    case 93: // ]
    case 96: // ` reserved
    case 123: // {
    case 124: // | literal block scalar
    case 125: // }
      return true;
    default:
      return false;
  }
}

class Scanner {
  private readonly text: string;
  private readonly lineStart: number[] = [];
  /** End of each line's text, before its line break. */
  private readonly lineEnd: number[] = [];
  private readonly lineIndent: number[] = [];
  private readonly lineKind: number[] = [];
  /** First line past the current document. */
  private documentEnd = 0;
  /** First line not consumed by the node parsed last. */
  private line = 0;
  /** Offset after the flow collection or quoted scalar parsed last. */
  private offset = 0;
  /** The data of the collection parsed last, built while it is parsed so that no second walk is needed. */
  private value: unknown = undefined;
  /** Whether a plain scalar of the current document might read differently to YAML 1.1 readers. */
  private mayHoldAmbiguousScalars = false;

  /**
   * Without a tree, nodes are scratch objects, reused and dropped at once: a command that
   * finds nothing to report never needs offsets, and most of the reading's allocations
   * were the tree's.
   */
  private readonly withTree: boolean;
  private readonly scratchMap: SourceMap = {
    kind: 'map',
    flow: false,
    pairs: [],
    start: 0,
  };
  private readonly scratchSequence: SourceSeq = {
    kind: 'seq',
    flow: false,
    items: [],
    start: 0,
  };

  private readonly scratchScalar: SourceScalar = {
    kind: 'scalar',
    value: null,
    start: 0,
  };

  constructor(text: string, withTree: boolean) {
    this.text = text;
    this.withTree = withTree;
  }

  scan(): ScannedDocument[] {
    this.splitLines();
    const documents: ScannedDocument[] = [];
    const lines = this.lineStart.length;
    let first = 0;
    let marker = -1;
    for (;;) {
      let end = first;
      while (end < lines && this.lineKind[end] !== MARKER) {
        end += 1;
      }
      this.documentEnd = end;
      const content = this.nextContentLine(first);
      if (content < end) {
        documents.push(this.document(content));
      } else if (marker !== -1) {
        documents.push(this.emptyDocument(marker));
      }
      if (end >= lines) {
        return documents;
      }
      marker = end;
      first = end + 1;
    }
  }

  private splitLines(): void {
    const text = this.text;
    if (
      UNREAD_CHARACTERS.test(text) ||
      (text.includes('\r') && LONE_CARRIAGE_RETURN.test(text))
    ) {
      throw DECLINED;
    }
    let start = 0;
    for (;;) {
      const lineFeed = text.indexOf('\n', start);
      const end = lineFeed === -1 ? text.length : lineFeed;
      this.addLine(
        start,
        end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN
          ? end - 1
          : end,
      );
      if (lineFeed === -1) {
        return;
      }
      start = lineFeed + 1;
    }
  }

  private addLine(start: number, end: number): void {
    const text = this.text;
    let position = start;
    while (position < end && text.charCodeAt(position) === SPACE) {
      position += 1;
    }
    let kind = CONTENT;
    if (position === end) {
      kind = BLANK;
    } else if (text.charCodeAt(position) === HASH) {
      kind = COMMENT;
    } else if (position === start) {
      const first = text.charCodeAt(start);
      if (first === 37 /* % directive */) {
        throw DECLINED;
      }
      if (
        (first === DASH || first === 46) /* . */ &&
        text.startsWith(first === DASH ? '---' : '...', start) &&
        (end === start + 3 || text.charCodeAt(start + 3) === SPACE)
      ) {
        if (first !== DASH) {
          throw DECLINED;
        }
        let rest = start + 3;
        while (rest < end && text.charCodeAt(rest) === SPACE) {
          rest += 1;
        }
        if (rest < end && text.charCodeAt(rest) !== HASH) {
          throw DECLINED;
        }
        kind = MARKER;
      }
    }
    this.lineStart.push(start);
    this.lineEnd.push(end);
    this.lineIndent.push(position - start);
    this.lineKind.push(kind);
  }

  /** The first content line at or after `line` in the current document, or its end. */
  private nextContentLine(line: number): number {
    let next = line;
    while (next < this.documentEnd && this.lineKind[next] !== CONTENT) {
      next += 1;
    }
    return next;
  }

  /**
   * Offset after the line break of `line`: where the `yaml` library ends a node that ends
   * that line, unless comment lines follow, which it attaches by rules of its own.
   */
  private afterLine(line: number): number | undefined {
    const lines = this.lineStart.length;
    for (let next = line + 1; next < lines; next += 1) {
      const kind = this.lineKind[next];
      if (kind === COMMENT) {
        return undefined;
      }
      if (kind !== BLANK) {
        break;
      }
    }
    return line + 1 < lines ? this.lineStart[line + 1] : this.text.length;
  }

  private document(line: number): ScannedDocument {
    this.mayHoldAmbiguousScalars = false;
    const start = this.lineStart[line] + this.lineIndent[line];
    const root = this.blockNode(line, start);
    if (this.nextContentLine(this.line) < this.documentEnd) {
      throw DECLINED;
    }
    return {
      root: this.withTree ? root : null,
      start,
      value: this.value,
      mayHoldAmbiguousScalars: this.mayHoldAmbiguousScalars,
    };
  }

  /** A plain scalar, read by the YAML 1.2 core schema. */
  private plain(source: string, start: number, end: number): SourceScalar {
    if (!this.mayHoldAmbiguousScalars && mayReadDifferentlyInYaml11(source)) {
      this.mayHoldAmbiguousScalars = true;
    }
    return this.scalar('PLAIN', source, resolvePlain(source), start, end);
  }

  private scalar(
    style: SourceScalarStyle,
    source: string | undefined,
    value: unknown,
    start: number,
    end: number,
  ): SourceScalar {
    if (this.withTree) {
      return { kind: 'scalar', style, source, value, start, end };
    }
    const scalar = this.scratchScalar;
    scalar.style = style;
    scalar.source = source;
    scalar.value = value;
    scalar.start = start;
    scalar.end = end;
    scalar.after = undefined;
    return scalar;
  }

  /** A document that is only a `---` marker, perhaps with comments: the empty scalar. */
  private emptyDocument(marker: number): ScannedDocument {
    let start = this.lineStart[marker] + 3;
    const end = this.lineEnd[marker];
    while (start < end && this.text.charCodeAt(start) === SPACE) {
      start += 1;
    }
    const root: SourceScalar = {
      kind: 'scalar',
      style: 'PLAIN',
      source: '',
      value: null,
      start,
      end: start,
    };
    return { root, start, value: null, mayHoldAmbiguousScalars: false };
  }

  private isSequenceIndicator(line: number, position: number): boolean {
    return (
      this.text.charCodeAt(position) === DASH &&
      (position + 1 === this.lineEnd[line] ||
        this.text.charCodeAt(position + 1) === SPACE)
    );
  }

  /** A block collection starting at `position` on `line`; scalars alone are declined. */
  private blockNode(line: number, position: number): SourceMap | SourceSeq {
    return this.isSequenceIndicator(line, position)
      ? this.blockSequence(line, position)
      : this.blockMap(line, position);
  }

  private blockMap(firstLine: number, firstPosition: number): SourceMap {
    const indent = firstPosition - this.lineStart[firstLine];
    const pairs: SourcePair[] = [];
    const value: Record<string, unknown> = {};
    const map: SourceMap = this.withTree
      ? { kind: 'map', flow: false, start: firstPosition, pairs }
      : this.scratchMap;
    let line = firstLine;
    let position = firstPosition;
    let last: SourceNode;
    for (;;) {
      const key = this.key(line, position);
      if (!key) {
        throw DECLINED;
      }
      const name = key.value as string;
      if (Object.prototype.hasOwnProperty.call(value, name)) {
        throw DECLINED;
      }
      const colon = key.end as number;
      const keyNode = this.withTree ? key : null;
      last = this.mapValue(line, colon, indent);
      if (keyNode) {
        pairs.push({ key: keyNode, value: last });
      }
      value[name] = last.kind === 'scalar' ? last.value : this.value;
      const next = this.nextContentLine(this.line);
      if (next >= this.documentEnd || this.lineIndent[next] < indent) {
        break;
      }
      line = next;
      position = this.lineStart[next] + indent;
      if (
        this.lineIndent[next] > indent ||
        this.isSequenceIndicator(line, position)
      ) {
        throw DECLINED;
      }
    }
    this.value = value;
    return this.closeBlock(map, last);
  }

  /** The value after a block map key's `:`, on the same line or on the lines below. */
  private mapValue(line: number, colon: number, indent: number): SourceNode {
    const text = this.text;
    const lineEnd = this.lineEnd[line];
    let position = colon + 1;
    while (position < lineEnd && text.charCodeAt(position) === SPACE) {
      position += 1;
    }
    if (position < lineEnd && text.charCodeAt(position) !== HASH) {
      return this.inlineValue(line, position);
    }
    const next = this.nextContentLine(line + 1);
    if (next < this.documentEnd) {
      const nextIndent = this.lineIndent[next];
      const nextPosition = this.lineStart[next] + nextIndent;
      if (nextIndent > indent) {
        return this.blockNode(next, nextPosition);
      }
      if (
        nextIndent === indent &&
        this.isSequenceIndicator(next, nextPosition)
      ) {
        return this.blockSequence(next, nextPosition);
      }
    }
    this.line = line + 1;
    return this.scalar('PLAIN', '', null, position, position);
  }

  private blockSequence(firstLine: number, firstPosition: number): SourceSeq {
    const indent = firstPosition - this.lineStart[firstLine];
    const items: SourceNode[] = [];
    const value: unknown[] = [];
    const sequence: SourceSeq = this.withTree
      ? { kind: 'seq', flow: false, start: firstPosition, items }
      : this.scratchSequence;
    const text = this.text;
    let line = firstLine;
    let position = firstPosition;
    let last: SourceNode;
    for (;;) {
      const lineEnd = this.lineEnd[line];
      let content = position + 1;
      while (content < lineEnd && text.charCodeAt(content) === SPACE) {
        content += 1;
      }
      if (content === lineEnd || text.charCodeAt(content) === HASH) {
        // An item on the lines below (`-` alone): rare, and its ranges follow other rules.
        throw DECLINED;
      }
      if (this.isSequenceIndicator(line, content)) {
        last = this.blockSequence(line, content);
      } else if (this.key(line, content)) {
        last = this.blockMap(line, content);
      } else {
        last = this.inlineValue(line, content);
      }
      if (this.withTree) {
        items.push(last);
      }
      value.push(last.kind === 'scalar' ? last.value : this.value);
      const next = this.nextContentLine(this.line);
      if (next >= this.documentEnd || this.lineIndent[next] < indent) {
        break;
      }
      if (this.lineIndent[next] > indent) {
        throw DECLINED;
      }
      line = next;
      position = this.lineStart[next] + indent;
      if (!this.isSequenceIndicator(line, position)) {
        break;
      }
    }
    this.value = value;
    return this.closeBlock(sequence, last);
  }

  /** A block collection ends where its last value ends; comment lines after it make that uncertain. */
  private closeBlock<T extends SourceMap | SourceSeq>(
    node: T,
    last: SourceNode,
  ): T {
    if (!this.withTree) {
      return node;
    }
    node.end = last.after;
    if (node.end !== undefined) {
      const lines = this.lineStart.length;
      let next = this.line;
      while (next < lines && this.lineKind[next] === BLANK) {
        next += 1;
      }
      if (next >= lines || this.lineKind[next] !== COMMENT) {
        node.after = node.end;
      }
    }
    return node;
  }

  /**
   * The implicit key of a block map entry at `position`, with `end` at its `:`, or
   * undefined when the text there is no `key:` (or one this reader leaves alone).
   */
  private key(line: number, position: number): SourceScalar | undefined {
    const text = this.text;
    const lineEnd = this.lineEnd[line];
    const first = text.charCodeAt(position);
    let key: SourceScalar;
    let colon: number;
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      key = this.quoted(line, position);
      colon = this.offset;
      key.after = key.end;
    } else {
      if (
        isIndicator(first) ||
        (first === DASH && this.isSequenceIndicator(line, position))
      ) {
        return undefined;
      }
      colon = text.indexOf(':', position);
      if (colon === -1 || colon >= lineEnd) {
        return undefined;
      }
      const source = text.slice(position, colon);
      if (
        source.length > MAX_KEY_LENGTH ||
        text.charCodeAt(colon - 1) === SPACE ||
        source.includes(' #')
      ) {
        return undefined;
      }
      if (source === '<<' || source === '__proto__') {
        return undefined;
      }
      key = this.plain(source, position, colon);
      if (typeof key.value !== 'string') {
        return undefined;
      }
      key.after = colon;
    }
    if (
      text.charCodeAt(colon) !== COLON ||
      (colon + 1 < lineEnd && text.charCodeAt(colon + 1) !== SPACE)
    ) {
      return undefined;
    }
    if (key.value === '__proto__') {
      return undefined;
    }
    return key;
  }

  /** A value that starts and ends on `line`: a scalar, or a flow collection. */
  private inlineValue(line: number, position: number): SourceNode {
    const text = this.text;
    const lineEnd = this.lineEnd[line];
    const first = text.charCodeAt(position);
    let node: SourceNode;
    let end: number;
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      node = this.quoted(line, position);
      end = this.offset;
    } else if (first === OPEN_BRACKET || first === OPEN_BRACE) {
      node = this.flowCollection(line, position, lineEnd);
      end = this.offset;
    } else {
      if (isIndicator(first) || this.isSequenceIndicator(line, position)) {
        throw DECLINED;
      }
      end = position;
      let sourceEnd = position;
      while (end < lineEnd) {
        const code = text.charCodeAt(end);
        if (code === SPACE) {
          if (text.charCodeAt(end + 1) === HASH) {
            break;
          }
        } else if (code === COLON) {
          if (end + 1 === lineEnd || text.charCodeAt(end + 1) === SPACE) {
            throw DECLINED;
          }
          sourceEnd = end + 1;
        } else {
          sourceEnd = end + 1;
        }
        end += 1;
      }
      node = this.plain(text.slice(position, sourceEnd), position, sourceEnd);
      end = sourceEnd;
    }
    // Only spaces and a comment may follow on the line.
    let rest = end;
    while (rest < lineEnd && text.charCodeAt(rest) === SPACE) {
      rest += 1;
    }
    if (rest < lineEnd && (rest === end || text.charCodeAt(rest) !== HASH)) {
      throw DECLINED;
    }
    if (this.withTree) {
      node.after = this.afterLine(line);
    }
    this.line = line + 1;
    return node;
  }

  /** A quoted scalar that closes on its line, without escapes; `offset` is set after it. */
  private quoted(line: number, position: number): SourceScalar {
    const text = this.text;
    const lineEnd = this.lineEnd[line];
    const quote = text.charCodeAt(position);
    let value: string;
    let close: number;
    if (quote === SINGLE_QUOTE) {
      close = position + 1;
      let hasEscapedQuote = false;
      for (;;) {
        close = text.indexOf("'", close);
        if (close === -1 || close >= lineEnd) {
          throw DECLINED;
        }
        if (text.charCodeAt(close + 1) !== SINGLE_QUOTE) {
          break;
        }
        hasEscapedQuote = true;
        close += 2;
      }
      value = text.slice(position + 1, close);
      if (hasEscapedQuote) {
        value = value.replace(/''/g, "'");
      }
    } else {
      close = text.indexOf('"', position + 1);
      if (close === -1 || close >= lineEnd) {
        throw DECLINED;
      }
      value = text.slice(position + 1, close);
      if (value.includes('\\')) {
        throw DECLINED;
      }
    }
    this.offset = close + 1;
    return this.scalar(
      quote === SINGLE_QUOTE ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE',
      undefined,
      value,
      position,
      close + 1,
    );
  }

  /** A flow collection that closes on its line; `offset` is set after it. */
  private flowCollection(
    line: number,
    position: number,
    lineEnd: number,
  ): SourceMap | SourceSeq {
    const text = this.text;
    const isMap = text.charCodeAt(position) === OPEN_BRACE;
    const close = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
    const pairs: SourcePair[] = [];
    const items: SourceNode[] = [];
    const mapValue: Record<string, unknown> = {};
    const sequenceValue: unknown[] = [];
    let cursor = this.skipSpaces(position + 1, lineEnd);
    if (text.charCodeAt(cursor) !== close) {
      for (;;) {
        if (isMap) {
          const key = this.flowScalar(line, cursor, lineEnd, true);
          const name = key.value;
          if (
            typeof name !== 'string' ||
            name === '__proto__' ||
            Object.prototype.hasOwnProperty.call(mapValue, name)
          ) {
            throw DECLINED;
          }
          cursor = this.offset;
          if (
            text.charCodeAt(cursor) !== COLON ||
            text.charCodeAt(cursor + 1) !== SPACE
          ) {
            throw DECLINED;
          }
          cursor = this.skipSpaces(cursor + 1, lineEnd);
          const item = this.flowItem(line, cursor, lineEnd);
          if (this.withTree) {
            pairs.push({ key, value: item });
          }
          mapValue[name] = item.kind === 'scalar' ? item.value : this.value;
        } else {
          const item = this.flowItem(line, cursor, lineEnd);
          if (this.withTree) {
            items.push(item);
          }
          sequenceValue.push(item.kind === 'scalar' ? item.value : this.value);
        }
        cursor = this.skipSpaces(this.offset, lineEnd);
        const code = text.charCodeAt(cursor);
        if (code === close) {
          break;
        }
        if (code !== COMMA || cursor >= lineEnd) {
          throw DECLINED;
        }
        cursor = this.skipSpaces(cursor + 1, lineEnd);
        if (
          cursor >= lineEnd ||
          text.charCodeAt(cursor) === close ||
          text.charCodeAt(cursor) === COMMA
        ) {
          throw DECLINED;
        }
      }
    }
    if (cursor >= lineEnd) {
      throw DECLINED;
    }
    this.offset = cursor + 1;
    if (isMap) {
      this.value = mapValue;
      return this.withTree
        ? { kind: 'map', flow: true, pairs, start: position, end: cursor + 1 }
        : this.scratchMap;
    }
    this.value = sequenceValue;
    return this.withTree
      ? { kind: 'seq', flow: true, items, start: position, end: cursor + 1 }
      : this.scratchSequence;
  }

  private flowItem(
    line: number,
    position: number,
    lineEnd: number,
  ): SourceNode {
    const first = this.text.charCodeAt(position);
    return first === OPEN_BRACKET || first === OPEN_BRACE
      ? this.flowCollection(line, position, lineEnd)
      : this.flowScalar(line, position, lineEnd, false);
  }

  /** A scalar inside a flow collection; `offset` is set after it. */
  private flowScalar(
    line: number,
    position: number,
    lineEnd: number,
    isKey: boolean,
  ): SourceScalar {
    const text = this.text;
    if (position >= lineEnd) {
      throw DECLINED;
    }
    const first = text.charCodeAt(position);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const scalar = this.quoted(line, position);
      if (isKey) {
        scalar.after = scalar.end;
      }
      return scalar;
    }
    if (isIndicator(first)) {
      throw DECLINED;
    }
    if (first === DASH) {
      // In a flow collection a dash before a space or a flow indicator starts a block sequence.
      const next = text.charCodeAt(position + 1);
      if (
        position + 1 >= lineEnd ||
        next === SPACE ||
        next === COMMA ||
        next === OPEN_BRACKET ||
        next === CLOSE_BRACKET ||
        next === OPEN_BRACE ||
        next === CLOSE_BRACE
      ) {
        throw DECLINED;
      }
    }
    let end = position;
    let sourceEnd = position;
    while (end < lineEnd) {
      const code = text.charCodeAt(end);
      if (
        code === COMMA ||
        code === CLOSE_BRACKET ||
        code === CLOSE_BRACE ||
        code === COLON
      ) {
        break;
      }
      if (code === OPEN_BRACKET || code === OPEN_BRACE || code === BACKSLASH) {
        throw DECLINED;
      }
      if (code === SPACE) {
        if (text.charCodeAt(end + 1) === HASH) {
          throw DECLINED;
        }
      } else {
        sourceEnd = end + 1;
      }
      end += 1;
    }
    if (text.charCodeAt(end) === COLON && !isKey) {
      throw DECLINED;
    }
    if (isKey && sourceEnd !== end) {
      // `{a : b}`: the key's range would reach the spaces.
      throw DECLINED;
    }
    this.offset = sourceEnd;
    const scalar = this.plain(
      text.slice(position, sourceEnd),
      position,
      sourceEnd,
    );
    if (isKey) {
      scalar.after = sourceEnd;
    }
    return scalar;
  }

  private skipSpaces(position: number, lineEnd: number): number {
    let cursor = position;
    while (cursor < lineEnd && this.text.charCodeAt(cursor) === SPACE) {
      cursor += 1;
    }
    return cursor;
  }
}

/**
 * A fast reader for the YAML that manifests are written in: block maps and sequences, plain
 * and single-line quoted scalars, one-line flow collections, comments, `---` between
 * documents, LF or CRLF. Anything else (anchors and aliases, tags, block scalars, multi-line
 * scalars, escapes, tabs, numbers other than decimal integers, and every syntax error) makes
 * it decline, and the caller reads the text with the `yaml` library instead.
 *
 * Where it accepts, it reads what the `yaml` library reads (YAML 1.2 core schema, unique
 * keys): the same documents, the same data, the same offsets. The differential tests hold
 * it to that. It is some ten times faster, which is what lets `netseal verify` read ten
 * thousand policies in a second or so.
 *
 * Returns undefined when it declines.
 */
export function scanManifestText(text: string): ScannedDocument[] | undefined {
  try {
    return new Scanner(text, true).scan();
  } catch (error) {
    // RangeError: nesting deeper than the stack; the `yaml` library says what it makes of it.
    if (error === DECLINED || error instanceof RangeError) {
      return undefined;
    }
    throw error;
  }
}

/**
 * {@link scanManifestText} without the source trees: the data, where each document starts,
 * and whether a plain scalar might read differently to YAML 1.1 readers. It accepts and
 * declines exactly the same texts, with a fraction of the allocations.
 */
export function scanManifestValues(text: string): ScannedValues[] | undefined {
  try {
    return new Scanner(text, false)
      .scan()
      .map(({ start, value, mayHoldAmbiguousScalars }) => ({
        start,
        value,
        mayHoldAmbiguousScalars: mayHoldAmbiguousScalars !== false,
      }));
  } catch (error) {
    if (error === DECLINED || error instanceof RangeError) {
      return undefined;
    }
    throw error;
  }
}

/** Offsets of the start of every line, as the `yaml` library's LineCounter records them. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  let index = text.indexOf('\n');
  while (index !== -1) {
    starts.push(index + 1);
    index = text.indexOf('\n', index + 1);
  }
  return starts;
}
