import {
  LineCounter,
  ParseOptions,
  DocumentOptions,
  SchemaOptions,
} from 'yaml';

/**
 * How netseal reads YAML: the `yaml` library's YAML 1.2 core schema (what the rest of
 * Netseal reads), duplicate keys rejected (a reviewer would see one value, a tool might
 * use the other), and errors with line positions.
 */
export function yamlParseOptions(
  lineCounter: LineCounter,
): ParseOptions & DocumentOptions & SchemaOptions {
  return {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    version: '1.2',
    merge: false,
  };
}
