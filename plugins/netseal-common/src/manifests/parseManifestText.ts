import { Document, LineCounter, parseAllDocuments } from 'yaml';
import { rememberFastSource } from './documentSource';
import { exceedsFlowNesting } from './exceedsFlowNesting';
import { MAX_MANIFEST_ALIASES, MAX_MANIFEST_FLOW_NESTING } from './limits';
import { ParsedDocument, ParsedManifestFile } from './ParsedManifestFile';
import {
  lineStartsOf,
  scanManifestText,
  scanManifestValues,
} from './scanManifestText';
import { SourceNode } from './SourceNode';
import { yamlParseOptions } from './yamlParseOptions';

/**
 * Why a manifest text cannot be read at all, located as precisely as the source allows.
 *
 * @public
 */
export interface ManifestTextProblem {
  /** The text's name as the user knows it, such as a file path. */
  file: string;
  /** 1-based line; absent when the problem concerns the whole text. */
  line?: number;
  /** 1-based index of the YAML document. */
  document?: number;
  /** Always '': the text was not read far enough to have fields. */
  path: string;
  message: string;
  code: 'not-yaml' | 'alias-limit' | 'too-deep';
}

/** A manifest text parsed, or every reason it cannot be. @public */
export type ParseResult =
  | { file: ParsedManifestFile }
  | { problems: ManifestTextProblem[] };

function describeParseError(error: unknown): string {
  if (error instanceof RangeError) {
    return 'nested too deeply for netseal to read';
  }
  return error instanceof Error ? error.message : String(error);
}

/** `yaml` appends " at line L, column C:" and a source excerpt; netseal prints the line itself. */
function firstLineOfYamlError(message: string): string {
  if (message.includes('Maximum call stack size exceeded')) {
    return 'nested too deeply for netseal to read';
  }
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parses every document of a manifest text the way every Netseal tool reads it. Flow
 * collections nested past {@link MAX_MANIFEST_FLOW_NESTING}, any syntax error, or an alias
 * expansion past {@link MAX_MANIFEST_ALIASES} make the whole text a problem: Netseal never
 * acts on a file it only partly understood. The size limit is the caller's, which can
 * often refuse a file before reading it.
 *
 * Most manifests are read by a fast reader of the YAML they are written in, which reads
 * exactly what the `yaml` library reads, about ten times faster; each document's `yaml`
 * Document is then parsed by the library only when something asks for it (all of a
 * file's at once). Everything else, errors included, is read by the library from the
 * start.
 *
 * @public
 */
export function parseManifestText(
  ref: { display: string },
  text: string,
  options: {
    /** Read the source trees at once, for a caller that will want offsets (sealing does). */
    sourceTrees?: boolean;
  } = {},
): ParseResult {
  const lineCounter = new LineCounter();
  const problems: ManifestTextProblem[] = [];
  const documents: ParsedDocument[] = [];
  if (exceedsFlowNesting(text)) {
    return {
      problems: [
        {
          file: ref.display,
          path: '',
          message: `flow collections ([...] and {...}) nest more than ${MAX_MANIFEST_FLOW_NESTING} deep; netseal refuses to parse such a file`,
          code: 'too-deep',
        },
      ],
    };
  }
  const fast = readFast(ref, text, !!options.sourceTrees);
  if (fast) {
    return { file: fast };
  }
  let yamlDocuments;
  try {
    yamlDocuments = parseAllDocuments(text, yamlParseOptions(lineCounter));
  } catch (error) {
    return {
      problems: [
        {
          file: ref.display,
          path: '',
          message: `not valid YAML: ${describeParseError(error)}`,
          code: 'not-yaml',
        },
      ],
    };
  }
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;

  yamlDocuments.forEach((yaml, index) => {
    for (const error of yaml.errors) {
      problems.push({
        file: ref.display,
        line: error.linePos?.[0].line ?? lineOf(error.pos[0]),
        document: index + 1,
        path: '',
        message: `not valid YAML: ${firstLineOfYamlError(error.message)}`,
        code: 'not-yaml',
      });
    }
    if (yaml.errors.length > 0) {
      return;
    }
    const line = lineOf(yaml.contents?.range[0] ?? yaml.range[0]);
    try {
      documents.push({
        index,
        yaml,
        value: yaml.toJS({ maxAliasCount: MAX_MANIFEST_ALIASES }),
      });
    } catch (error) {
      // Tested on the text, not the class: an error from another realm (a test sandbox,
      // a worker) is no `instanceof Error` here.
      if (/Excessive alias count/.test(String(error))) {
        problems.push({
          file: ref.display,
          line,
          document: index + 1,
          path: '',
          message: `YAML aliases expand past netseal's limit of ${MAX_MANIFEST_ALIASES} (an alias bomb such as "billion laughs"); write the values out instead of aliasing them`,
          code: 'alias-limit',
        });
      } else {
        problems.push({
          file: ref.display,
          line,
          document: index + 1,
          path: '',
          message: `not valid YAML: ${describeParseError(error)}`,
          code: 'not-yaml',
        });
      }
    }
  });

  if (problems.length > 0) {
    return { problems };
  }
  return {
    file: {
      display: ref.display,
      text,
      lineCounter,
      documents,
    },
  };
}

/**
 * The file as the fast reader reads it, or undefined when it declines. It reads the data
 * only; the source trees (offsets, for problems' lines and seal edits) are read on first
 * use, all of the file's at once, and each document's `yaml` is a getter that parses the
 * whole text with the `yaml` library on first use.
 */
function readFast(
  ref: { display: string },
  text: string,
  withTrees: boolean,
): ParsedManifestFile | undefined {
  const scannedTrees = withTrees ? scanManifestText(text) : undefined;
  const scanned:
    | ReadonlyArray<{
        start: number;
        value: unknown;
        mayHoldAmbiguousScalars?: boolean;
      }>
    | undefined = withTrees ? scannedTrees : scanManifestValues(text);
  if (!scanned) {
    return undefined;
  }
  const lineCounter = new LineCounter();
  for (const start of lineStartsOf(text)) {
    lineCounter.addNewLine(start);
  }
  let trees: Array<SourceNode | null> | undefined = scannedTrees?.map(
    document => document.root,
  );
  const treeOf = (index: number): SourceNode | null => {
    if (!trees) {
      const documents = scanManifestText(text);
      if (!documents) {
        throw new Error(
          'the fast YAML reader read a text without its source tree, but not with it',
        );
      }
      trees = documents.map(document => document.root);
    }
    return trees[index];
  };
  let parsed: Document.Parsed[] | undefined;
  const yamlDocument = (index: number): Document.Parsed => {
    parsed ??= parseAllDocuments(text, yamlParseOptions(new LineCounter()));
    return parsed[index];
  };
  const documents = scanned.map((values, index) => {
    const document = { index, value: values.value } as ParsedDocument;
    Object.defineProperty(document, 'yaml', {
      enumerable: true,
      get: () => yamlDocument(index),
    });
    rememberFastSource(document, {
      start: values.start,
      mayHoldAmbiguousScalars: values.mayHoldAmbiguousScalars !== false,
      get root() {
        return treeOf(index);
      },
    });
    return document;
  });
  return { display: ref.display, text, lineCounter, documents };
}
