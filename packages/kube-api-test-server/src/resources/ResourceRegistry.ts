import { configMapResource } from './configMapResource';
import { ResourceDefinition, groupVersion } from './ResourceDefinition';
import { namespaceResource } from './namespaceResource';
import { networkPolicyResource } from './networkPolicyResource';
import { podResource } from './podResource';
import {
  validatingAdmissionPolicyBindingResource,
  validatingAdmissionPolicyResource,
} from './validatingAdmissionPolicyResources';

/** The kinds a server instance serves, looked up by group/version/resource. */
export class ResourceRegistry {
  private readonly definitions = new Map<string, ResourceDefinition>();

  constructor(
    definitions: ResourceDefinition[] = defaultResourceDefinitions(),
  ) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: ResourceDefinition): void {
    const key = `${groupVersion(definition)}/${definition.resource}`;
    if (this.definitions.has(key)) {
      throw new Error(
        `resource ${key} is registered twice; register each resource once`,
      );
    }
    this.definitions.set(key, definition);
  }

  find(
    group: string,
    version: string,
    resource: string,
  ): ResourceDefinition | undefined {
    return this.definitions.get(
      `${groupVersion({ group, version })}/${resource}`,
    );
  }

  findByKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
    return this.all().find(
      d => groupVersion(d) === apiVersion && d.kind === kind,
    );
  }

  all(): ResourceDefinition[] {
    return [...this.definitions.values()];
  }

  /** The served group versions, core (`v1`) first. */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const d of this.all()) {
      seen.set(groupVersion(d), { group: d.group, version: d.version });
    }
    // The core group sorts first because '' is smaller than any name.
    return [...seen.values()].sort((a, b) =>
      a.group.localeCompare(b.group, 'en'),
    );
  }
}

/** Namespaces, pods, ConfigMaps, NetworkPolicies, ValidatingAdmissionPolicies and their bindings. */
export function defaultResourceDefinitions(): ResourceDefinition[] {
  return [
    namespaceResource,
    podResource,
    configMapResource,
    networkPolicyResource,
    validatingAdmissionPolicyResource,
    validatingAdmissionPolicyBindingResource,
  ];
}
