import { lineOfPolicyField } from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';
import { LoadedManifestFile } from './visitManifests';

const NETWORKING_API_VERSION = 'networking.k8s.io/v1';
const POLICY_KINDS: ReadonlySet<unknown> = new Set([
  'NetworkPolicy',
  'NetworkPolicyList',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: Record<string, unknown>, key: string) {
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

/**
 * A manifest of `networking.k8s.io/v1` whose kind is not NetworkPolicy is most often a
 * NetworkPolicy with a misspelt kind (`NetworkPolcy`, `Networkpolicy`), which would
 * otherwise be skipped as another kind, and pass as "all sealed" without a check. Each is
 * a problem naming `kind`, for documents and for the items of a `List`.
 */
export function otherNetworkingKindProblems(
  loaded: LoadedManifestFile,
): Problem[] {
  const problems: Problem[] = [];
  for (const document of loaded.file.documents) {
    const { value } = document;
    const check = (
      manifest: unknown,
      basePath: Array<string | number>,
      pathPrefix: string,
    ) => {
      if (
        !isRecord(manifest) ||
        manifest.apiVersion !== NETWORKING_API_VERSION ||
        POLICY_KINDS.has(manifest.kind)
      ) {
        return;
      }
      const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
      const name = stringField(metadata, 'name');
      const namespace = stringField(metadata, 'namespace');
      const got =
        manifest.kind === undefined
          ? 'it has none'
          : `got ${JSON.stringify(manifest.kind)}`;
      problems.push({
        file: loaded.file.display,
        line: lineOfPolicyField(
          {
            file: loaded.file,
            document,
            basePath,
            pathPrefix,
            manifest,
            line: 0,
          },
          'kind',
        ),
        document: document.index + 1,
        kind: stringField(manifest, 'kind'),
        name,
        namespace,
        path: `${pathPrefix}kind`,
        message: `must be NetworkPolicy in a manifest of ${NETWORKING_API_VERSION} (${got}); correct the kind, or keep manifests of other ${NETWORKING_API_VERSION} kinds out of the paths netseal verifies`,
        code: 'invalid',
      });
    };
    check(value, [], '');
    if (
      isRecord(value) &&
      value.kind === 'List' &&
      Array.isArray(value.items)
    ) {
      value.items.forEach((item, index) =>
        check(item, ['items', index], `items[${index}].`),
      );
    }
  }
  return problems;
}
