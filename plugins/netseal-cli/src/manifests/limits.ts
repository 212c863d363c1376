import {
  MAX_MANIFEST_BYTES,
  MAX_MANIFEST_SIZE_TEXT,
} from '@netseal/backstage-plugin-netseal-common';

/** File name endings read when a directory is named. Files named directly are always read. */
export const MANIFEST_EXTENSIONS: readonly string[] = [
  '.yaml',
  '.yml',
  '.json',
];

/** A file size netseal refuses to read beyond, and how to say so. */
export interface FileSizeLimit {
  bytes: number;
  /** Human form, such as `5 MiB`. */
  text: string;
  /** What kind of file, for messages: `a manifest file`. */
  what: string;
  /** What to do instead, if there is a useful answer. */
  advice?: string;
}

export const MANIFEST_FILE_LIMIT: FileSizeLimit = {
  bytes: MAX_MANIFEST_BYTES,
  text: MAX_MANIFEST_SIZE_TEXT,
  what: 'a manifest file',
  advice: 'split it into smaller files',
};

/**
 * Largest cluster snapshot (`kubectl get namespaces,pods,networkpolicies -A -o json`) that
 * `netseal reach` and `netseal diff` read. A pod is a few kilobytes of JSON, so this holds
 * clusters of tens of thousands of pods, while bounding the memory one run can take.
 */
export const SNAPSHOT_FILE_LIMIT: FileSizeLimit = {
  bytes: 128 * 1024 * 1024,
  text: '128 MiB',
  what: 'a cluster snapshot',
};

/**
 * Largest cluster snapshot read as YAML (`kubectl get … -o yaml`). A YAML parser takes some
 * sixty times the file's size in memory and about a second per megabyte, where JSON.parse
 * takes a fraction of either; big clusters are read as JSON.
 */
export const SNAPSHOT_YAML_LIMIT: FileSizeLimit = {
  bytes: 16 * 1024 * 1024,
  text: '16 MiB',
  what: 'a cluster snapshot in YAML',
  advice: `print it with -o json instead, which netseal reads up to ${SNAPSHOT_FILE_LIMIT.text}`,
};

/** Largest probes file of `netseal reach`: some 50,000 probes. */
export const PROBES_FILE_LIMIT: FileSizeLimit = {
  bytes: MAX_MANIFEST_BYTES,
  text: MAX_MANIFEST_SIZE_TEXT,
  what: 'a probes file',
  advice: 'split it into smaller files',
};
