import { isMap, isNode, isSeq, Node } from 'yaml';
import { ParsedManifestFile } from './ParsedManifestFile';
import { PolicySite } from './PolicySite';

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
  const lineOf = (node: Node | null | undefined, fallback: number) =>
    node?.range ? file.lineCounter.linePos(node.range[0]).line : fallback;

  for (const document of file.documents) {
    const { value, yaml } = document;
    const documentLine = lineOf(
      yaml.contents,
      file.lineCounter.linePos(yaml.range[0]).line,
    );
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
      const itemsNode = isMap(yaml.contents)
        ? yaml.contents.get('items', true)
        : undefined;
      value.items.forEach((item, index) => {
        const isPolicy =
          kind === 'NetworkPolicyList' ||
          (isRecord(item) && item.kind === 'NetworkPolicy');
        if (isPolicy) {
          const itemNode = isSeq(itemsNode)
            ? itemsNode.items[index]
            : undefined;
          const line = isNode(itemNode)
            ? lineOf(itemNode, documentLine)
            : documentLine;
          addPolicy(item, ['items', index], `items[${index}].`, line);
        }
      });
    } else {
      others.push({ line: documentLine, kind });
    }
  }
  return { policies, others };
}
