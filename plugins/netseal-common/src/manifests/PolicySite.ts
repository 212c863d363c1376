import { ParsedDocument, ParsedManifestFile } from './ParsedManifestFile';

/** Where a NetworkPolicy manifest sits: a whole document, or an item of a `List` document. */
export interface PolicySite {
  file: ParsedManifestFile;
  document: ParsedDocument;
  /** Path from the document root to the policy: `[]`, or `['items', 3]`. */
  basePath: Array<string | number>;
  /** What the policy's own field paths are printed after: '' or `items[3].`. */
  pathPrefix: string;
  manifest: unknown;
  /** 1-based line where the policy starts. */
  line: number;
  name?: string;
  namespace?: string;
}
