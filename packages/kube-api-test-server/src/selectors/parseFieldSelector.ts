import { apiErrors } from '../api/status';
import { KubeObject } from '../api/types';

/** A parsed `fieldSelector` query parameter. */
export type FieldMatcher = (object: KubeObject) => boolean;

// Field selector values escape `\`, `,` and `=` with a backslash.
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Parses a field selector; only the fields the resource can select on are allowed, as upstream. */
export function parseFieldSelector(
  selector: string | undefined,
  fields: Record<string, (object: KubeObject) => string>,
): FieldMatcher {
  if (!selector || !selector.trim()) return () => true;
  const terms = splitUnescaped(selector, ',')
    .filter(t => t.trim().length > 0)
    .map(term => {
      const match = term.match(/^\s*([^=!]+?)\s*(==|=|!=)(.*)$/);
      if (!match) {
        throw apiErrors.badRequest(
          `invalid selector: '${selector}'; can't understand '${term}'`,
        );
      }
      const [, field, operator, rawValue] = match;
      const read = fields[field];
      if (!read) throw apiErrors.badRequest(unsupportedField(field, fields));
      const value = unescape(rawValue.trim());
      return { read, negate: operator === '!=', value };
    });
  return object => terms.every(t => (t.read(object) === t.value) !== t.negate);
}

/** The fields every kind can be selected by. */
export const metadataFields: Record<string, (object: KubeObject) => string> = {
  'metadata.name': object => object.metadata.name ?? '',
  'metadata.namespace': object => object.metadata.namespace ?? '',
};

// Kinds with field selectors of their own have a conversion function that words the
// refusal; the others fall back to DefaultMetaV1FieldSelectorConversion's words.
function unsupportedField(
  field: string,
  fields: Record<string, unknown>,
): string {
  return Object.keys(fields).length > Object.keys(metadataFields).length
    ? `field label not supported: ${field}`
    : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`;
}
