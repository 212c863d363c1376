import { Document, LineCounter } from 'yaml';

/** One YAML document of a file, with the data it stands for. */
export interface ParsedDocument {
  /** 0-based position in the file; printed 1-based. */
  index: number;
  yaml: Document.Parsed;
  value: unknown;
}

/** A manifest file read and parsed, keeping its source so that edits can be made in place. */
export interface ParsedManifestFile {
  display: string;
  /** Absent for standard input. */
  absolute?: string;
  directoryArgument?: string;
  text: string;
  lineCounter: LineCounter;
  documents: ParsedDocument[];
}
