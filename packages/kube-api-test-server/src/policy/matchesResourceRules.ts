import { JsonObject, JsonValue, isJsonObject } from '../api/types';
import { AdmissionAttributes } from '../server/admission';

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function matchesOne(values: string[], actual: string): boolean {
  return values.includes('*') || values.includes(actual);
}

/** Whether one NamedRuleWithOperations covers the request (no subresources are served). */
export function matchesRule(
  rule: JsonValue,
  attributes: AdmissionAttributes,
  namespaced: boolean,
): boolean {
  if (!isJsonObject(rule)) return false;
  const { resource } = attributes;
  const resources = strings(rule.resources);
  const scope = typeof rule.scope === 'string' ? rule.scope : '*';
  const resourceNames = strings(rule.resourceNames);
  return (
    matchesOne(strings(rule.operations), attributes.operation) &&
    matchesOne(strings(rule.apiGroups), resource.group) &&
    matchesOne(strings(rule.apiVersions), resource.version) &&
    (resources.includes('*') ||
      resources.includes('*/*') ||
      resources.includes(resource.resource)) &&
    (scope === '*' || (scope === 'Namespaced') === namespaced) &&
    (resourceNames.length === 0 || resourceNames.includes(attributes.name))
  );
}

/**
 * Whether MatchResources' rules select the request: some resourceRule matches (or there
 * are none, as in a binding that only narrows by selector) and no excludeResourceRule does.
 */
export function matchesResourceRules(
  match: JsonObject,
  attributes: AdmissionAttributes,
  namespaced: boolean,
): boolean {
  const include = Array.isArray(match.resourceRules) ? match.resourceRules : [];
  const exclude = Array.isArray(match.excludeResourceRules)
    ? match.excludeResourceRules
    : [];
  return (
    (include.length === 0 ||
      include.some(rule => matchesRule(rule, attributes, namespaced))) &&
    !exclude.some(rule => matchesRule(rule, attributes, namespaced))
  );
}
