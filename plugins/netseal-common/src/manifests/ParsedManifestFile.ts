import { Document, LineCounter } from 'yaml';

/** One YAML document of a file, with the data it stands for. @public */
export interface ParsedDocument {
  /** 0-based position in the file; printed 1-based. */
  index: number;
  yaml: Document.Parsed;
  value: unknown;
}

/**
 * A manifest text read and parsed, keeping its source so that edits can be made in place.
 *
 * @public
 */
export interface ParsedManifestFile {
  /** The text's name as the user knows it, such as a file path. */
  display: string;
  text: string;
  lineCounter: LineCounter;
  documents: ParsedDocument[];
}
