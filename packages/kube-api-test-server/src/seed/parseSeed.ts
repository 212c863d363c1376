import { parseAllDocuments } from 'yaml';
import { KubeObject, isJsonObject } from '../api/types';

const maxAliases = 100;

/**
 * Reads seed objects from YAML or JSON: a `kind: List` (as `kubectl get -o yaml` prints),
 * several YAML documents, or single objects. Each item needs kind and apiVersion.
 */
export function parseSeed(text: string, source = 'seed'): KubeObject[] {
  const objects: KubeObject[] = [];
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document, index) => {
    if (document.errors.length > 0) {
      throw new Error(
        `${source}: document ${index + 1} is not valid YAML: ${
          document.errors[0].message
        }`,
      );
    }
    const value: unknown = document.toJS({ maxAliasCount: maxAliases });
    if (value === null || value === undefined) return;
    if (!isJsonObject(value)) {
      throw new Error(
        `${source}: document ${
          index + 1
        } must be an object with kind and apiVersion`,
      );
    }
    const items =
      value.kind === 'List' || String(value.kind ?? '').endsWith('List')
        ? value.items
        : [value];
    if (!Array.isArray(items)) {
      throw new Error(
        `${source}: document ${index + 1} is a List without an items array`,
      );
    }
    items.forEach((item, itemIndex) => {
      if (
        !isJsonObject(item) ||
        typeof item.kind !== 'string' ||
        typeof item.apiVersion !== 'string'
      ) {
        throw new Error(
          `${source}: item ${itemIndex + 1} of document ${
            index + 1
          } needs kind and apiVersion (as kubectl get -o yaml prints them)`,
        );
      }
      if (
        !isJsonObject(item.metadata) ||
        typeof item.metadata.name !== 'string'
      ) {
        throw new Error(
          `${source}: item ${itemIndex + 1} of document ${
            index + 1
          } needs metadata.name`,
        );
      }
      objects.push(item as unknown as KubeObject);
    });
  });
  return objects;
}
