import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  MAX_MANIFEST_BYTES,
  PolicySourceManifest,
  readManifestDocuments,
  SEAL_ANNOTATION,
  validateNetworkPolicy,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type {
  PolicySourceContent,
  PolicySourceFileReader,
  PolicySourceReader,
} from './PolicySourceReader';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** How many sources' manifest files {@link UrlReaderPolicySourceReader.readFiles} keeps. */
const MAX_RECENT_SOURCES = 100;

/** Where manifests outside any cluster folder are reported, as unsealed. */
export const NO_CLUSTER_FOLDER = '(no cluster folder)';

/**
 * Reads policy sources through Backstage's UrlReaderService, so any Git host Backstage
 * integrates with serves them. Layout: one folder per target cluster at the top of the
 * source, manifests anywhere below it (`prod-eu/payments.yaml`,
 * `prod-eu/shop/allow-web.yaml`). Every NetworkPolicy document becomes a manifest for
 * drift: valid ones with their seal, invalid ones with their problems and `file:line`.
 * Nothing is skipped silently.
 */
export class UrlReaderPolicySourceReader
  implements PolicySourceReader, PolicySourceFileReader
{
  constructor(private readonly urlReader: UrlReaderService) {}

  /**
   * The manifest files of recently read sources, by URL, with their ETag: a request's
   * preview runs as its author types, and an unchanged source then costs the Git host a
   * version check instead of a download.
   */
  readonly #recentFiles = new Map<
    string,
    { etag: string; texts: Map<string, string> }
  >();

  async readFiles(
    url: string,
    paths: readonly string[],
  ): Promise<Map<string, string>> {
    const recent = this.#recentFiles.get(url);
    let texts: Map<string, string>;
    try {
      const tree = await this.urlReader.readTree(url, {
        etag: recent?.etag,
        filter: (filePath, info) =>
          MANIFEST_FILE.test(filePath) &&
          (info?.size === undefined || info.size <= MAX_MANIFEST_BYTES),
      });
      texts = new Map();
      for (const file of await tree.files()) {
        texts.set(file.path, (await file.content()).toString('utf8'));
      }
      this.#recentFiles.delete(url);
      if (tree.etag) {
        this.#recentFiles.set(url, { etag: tree.etag, texts });
        // Keep the most recently read sources only.
        if (this.#recentFiles.size > MAX_RECENT_SOURCES) {
          this.#recentFiles.delete(this.#recentFiles.keys().next().value!);
        }
      }
    } catch (error) {
      if (!(isNotModified(error) && recent)) throw error;
      texts = recent.texts;
    }
    return new Map(
      paths.flatMap(path => {
        const text = texts.get(path);
        return text === undefined ? [] : [[path, text] as const];
      }),
    );
  }

  async read(
    url: string,
    etag?: string,
  ): Promise<PolicySourceContent | 'not-modified'> {
    let tree;
    try {
      tree = await this.urlReader.readTree(url, {
        etag,
        filter: (filePath, info) =>
          MANIFEST_FILE.test(filePath) &&
          (info?.size === undefined || info.size <= MAX_MANIFEST_BYTES),
      });
    } catch (error) {
      if (isNotModified(error)) {
        return 'not-modified';
      }
      throw error;
    }
    const manifestsByCluster = new Map<string, PolicySourceManifest[]>();
    for (const file of await tree.files()) {
      const [cluster, ...rest] = file.path.split('/');
      const manifests = readManifests(
        file.path,
        (await file.content()).toString('utf8'),
      );
      if (manifests.length === 0) {
        continue;
      }
      if (rest.length === 0) {
        // A manifest outside a cluster folder cannot say where it belongs.
        const misplaced = manifests.map(manifest => ({
          kind: 'invalid' as const,
          file: manifest.file,
          line: manifest.line,
          ...identityOf(manifest),
          reason: `${file.path} is not inside a folder named after its target cluster; move it to <cluster>/${file.path}`,
          problems: [],
        }));
        const bucket = manifestsByCluster.get(NO_CLUSTER_FOLDER) ?? [];
        bucket.push(...misplaced);
        manifestsByCluster.set(NO_CLUSTER_FOLDER, bucket);
        continue;
      }
      const bucket = manifestsByCluster.get(cluster) ?? [];
      bucket.push(...manifests);
      manifestsByCluster.set(cluster, bucket);
    }
    return { etag: tree.etag || undefined, manifestsByCluster };
  }
}

function identityOf(manifest: PolicySourceManifest): {
  namespace?: string;
  name?: string;
} {
  if (manifest.kind === 'sealed') {
    return {
      namespace: manifest.policy.metadata.namespace,
      name: manifest.policy.metadata.name,
    };
  }
  return { namespace: manifest.namespace, name: manifest.name };
}

function readManifests(file: string, text: string): PolicySourceManifest[] {
  const result = readManifestDocuments(text);
  if ('error' in result) {
    // A file that mentions NetworkPolicy but cannot be read is reported, never skipped.
    if (!/NetworkPolicy/.test(text)) {
      return [];
    }
    return [
      {
        kind: 'invalid',
        file,
        line: result.line ?? 1,
        reason: `${file} cannot be read: ${result.error}`,
        problems: [],
      },
    ];
  }
  const manifests: PolicySourceManifest[] = [];
  for (const document of result.documents) {
    const value = document.value as { kind?: unknown } | null;
    if (!value || typeof value !== 'object' || value.kind !== 'NetworkPolicy') {
      continue;
    }
    const problems = validateNetworkPolicy(value);
    if (problems.length === 0) {
      // The engine keeps every manifest of every source between checks (100,000 in a
      // large fleet). The YAML reader's values are slices of the file's text in objects
      // built key by key, about 4.6 KB a policy with the text they keep; an exact copy
      // (structuredClone keeps every value as read, unlike a JSON round trip) is 2.6 KB.
      const policy = structuredClone(value) as NetworkPolicy;
      manifests.push({
        kind: 'sealed',
        file,
        line: document.line,
        policy,
        seal: policy.metadata.annotations?.[SEAL_ANNOTATION],
      });
      continue;
    }
    const metadata = (value as { metadata?: Record<string, unknown> }).metadata;
    manifests.push({
      kind: 'invalid',
      file,
      line: document.line,
      namespace:
        typeof metadata?.namespace === 'string'
          ? metadata.namespace
          : undefined,
      name: typeof metadata?.name === 'string' ? metadata.name : undefined,
      reason: `invalid NetworkPolicy at ${file}:${document.line}: ${problems
        .slice(0, 3)
        .map(problem => `${problem.path || '(document)'}: ${problem.message}`)
        .join('; ')}${
        problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''
      }`,
      problems,
    });
  }
  return manifests;
}

// By name: the UrlReader may throw from another copy of @backstage/errors than ours,
// and `NotModifiedError.is` is newer than the Backstage release we support.
function isNotModified(error: unknown): boolean {
  return isError(error) && error.name === 'NotModifiedError';
}
