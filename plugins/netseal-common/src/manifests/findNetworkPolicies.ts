import { sourceOfDocument } from './documentSource';
import { ParsedManifestFile } from './ParsedManifestFile';
import { PolicySite } from './PolicySite';
import { findSourcePair } from './SourceNode';

/** A document that is not a NetworkPolicy, named for messages such as digest's "found no NetworkPolicy". */
export interface OtherDocument {
  line: number;
  kind?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: Record<string, unknown> | undefined, key: string) {
  const field = value?.[key];
  return typeof field === 'string' ? field : undefined;
}

/**
 * Finds the NetworkPolicy manifests of a file: documents of kind NetworkPolicy, the
 * NetworkPolicy items of a `List`, and every item of a `NetworkPolicyList`. Documents of
 * other kinds are returned apart, untouched.
 */
export function findNetworkPolicies(file: ParsedManifestFile): {
  policies: PolicySite[];
  others: OtherDocument[];
} {
  const policies: PolicySite[] = [];
  const others: OtherDocument[] = [];
  const lineOf = (offset: number) => file.lineCounter.linePos(offset).line;

  for (const document of file.documents) {
    const { value } = document;
    const source = sourceOfDocument(document);
    const documentLine = lineOf(source.start);
    if (!isRecord(value)) {
      if (value !== null && value !== undefined) {
        others.push({ line: documentLine });
      }
      continue;
    }
    const kind = stringField(value, 'kind');
    const addPolicy = (
      manifest: unknown,
      basePath: Array<string | number>,
      pathPrefix: string,
      line: number,
    ) => {
      const metadata =
        isRecord(manifest) && isRecord(manifest.metadata)
          ? manifest.metadata
          : undefined;
      policies.push({
        file,
        document,
        basePath,
        pathPrefix,
        manifest,
        line,
        name: stringField(metadata, 'name'),
        namespace: stringField(metadata, 'namespace'),
      });
    };

    if (kind === 'NetworkPolicy') {
      addPolicy(value, [], '', documentLine);
    } else if (
      (kind === 'List' || kind === 'NetworkPolicyList') &&
      Array.isArray(value.items)
    ) {
      const itemsNode =
        source.root?.kind === 'map'
          ? findSourcePair(source.root, 'items')?.value
          : undefined;
      value.items.forEach((item, index) => {
        const isPolicy =
          kind === 'NetworkPolicyList' ||
          (isRecord(item) && item.kind === 'NetworkPolicy');
        if (isPolicy) {
          const itemNode =
            itemsNode?.kind === 'seq' ? itemsNode.items[index] : undefined;
          const line = itemNode ? lineOf(itemNode.start) : documentLine;
          addPolicy(item, ['items', index], `items[${index}].`, line);
        }
      });
    } else {
      others.push({ line: documentLine, kind });
    }
  }
  return { policies, others };
}
