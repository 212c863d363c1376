import type { PolicySourceManifest } from '@netseal/backstage-plugin-netseal-common';

/** What one read of a policy source found, grouped by target cluster (its first folder). */
export interface PolicySourceContent {
  /** The source's version (a commit SHA for Git); unchanged content is not read again. */
  etag?: string;
  manifestsByCluster: ReadonlyMap<string, readonly PolicySourceManifest[]>;
}

/** Reads policy sources; the drift engine does not know which Git host serves them. */
export interface PolicySourceReader {
  /** `'not-modified'` when the source still has the given ETag. */
  read(
    url: string,
    etag?: string,
  ): Promise<PolicySourceContent | 'not-modified'>;
}

/** Reads chosen files of a policy source as they are now, such as the files a request edits. */
export interface PolicySourceFileReader {
  /** The text of each file that exists, by its path relative to the source's folder. */
  readFiles(
    url: string,
    paths: readonly string[],
  ): Promise<Map<string, string>>;
}
