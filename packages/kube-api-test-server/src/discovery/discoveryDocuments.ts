import {
  ResourceDefinition,
  groupVersion,
} from '../resources/ResourceDefinition';
import { ResourceRegistry } from '../resources/ResourceRegistry';

/** A group served by hand rather than through the resource registry (access reviews). */
export interface ExtraGroupResource {
  group: string;
  version: string;
  resource: {
    name: string;
    singularName: string;
    namespaced: boolean;
    kind: string;
    verbs: string[];
  };
}

/** The review endpoints kubectl auth can-i and whoami use. */
export const reviewResources: ExtraGroupResource[] = [
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    resource: {
      name: 'selfsubjectreviews',
      singularName: 'selfsubjectreview',
      namespaced: false,
      kind: 'SelfSubjectReview',
      verbs: ['create'],
    },
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: {
      name: 'selfsubjectaccessreviews',
      singularName: 'selfsubjectaccessreview',
      namespaced: false,
      kind: 'SelfSubjectAccessReview',
      verbs: ['create'],
    },
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: {
      name: 'selfsubjectrulesreviews',
      singularName: 'selfsubjectrulesreview',
      namespaced: false,
      kind: 'SelfSubjectRulesReview',
      verbs: ['create'],
    },
  },
];

function apiResource(definition: ResourceDefinition) {
  return {
    name: definition.resource,
    singularName: definition.singularName,
    namespaced: definition.namespaced,
    kind: definition.kind,
    verbs: definition.verbs,
    ...(definition.shortNames.length
      ? { shortNames: definition.shortNames }
      : {}),
    ...(definition.categories ? { categories: definition.categories } : {}),
  };
}

/**
 * The order in which kube-apiserver lists its built-in groups under /apis (read from
 * v1.37.2; the aggregator sorts by each group's priority). Groups of custom resources
 * come after every built-in one. kubectl resolves a name that several groups serve, such
 * as `networkpolicy` where Calico's CRDs are installed, to the group listed first; so
 * this order decides which kind `kubectl get networkpolicy` reads.
 */
const BUILT_IN_GROUP_ORDER = [
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'resource.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'storagemigration.k8s.io',
];

/** Built-in groups in kube-apiserver's order, then custom resources' groups by name. */
function compareGroups(a: string, b: string): number {
  const rank = (group: string) => {
    const index = BUILT_IN_GROUP_ORDER.indexOf(group);
    return index === -1 ? BUILT_IN_GROUP_ORDER.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b, 'en');
}

/** The legacy discovery documents of /api, /apis and below, as kubectl's discovery client reads them. */
export class DiscoveryDocuments {
  constructor(
    private readonly registry: ResourceRegistry,
    private readonly serverAddress: () => string,
  ) {}

  private groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    const add = (group: string, version: string) => {
      const versions = groups.get(group) ?? [];
      if (!versions.includes(version)) versions.push(version);
      groups.set(group, versions);
    };
    for (const { group, version } of this.registry.groupVersions())
      if (group) add(group, version);
    for (const extra of reviewResources) add(extra.group, extra.version);
    return new Map(
      [...groups.entries()].sort(([a], [b]) => compareGroups(a, b)),
    );
  }

  private apiGroup(name: string, versions: string[]) {
    const list = versions.map(version => ({
      groupVersion: `${name}/${version}`,
      version,
    }));
    return { name, versions: list, preferredVersion: list[0] };
  }

  /** GET /api */
  apiVersions() {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() },
      ],
    };
  }

  /** GET /apis */
  apiGroupList() {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...this.groups().entries()].map(([name, versions]) =>
        this.apiGroup(name, versions),
      ),
    };
  }

  /** GET /apis/{group}, or undefined when the group is not served. */
  apiGroupDocument(group: string) {
    const versions = this.groups().get(group);
    if (!versions) return undefined;
    return {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...this.apiGroup(group, versions),
    };
  }

  /** GET /api/v1 or /apis/{group}/{version}, or undefined when not served. */
  apiResourceList(group: string, version: string) {
    const resources = [
      ...this.registry
        .all()
        .filter(d => d.group === group && d.version === version)
        .map(apiResource),
      ...reviewResources
        .filter(r => r.group === group && r.version === version)
        .map(r => r.resource),
    ];
    if (resources.length === 0) return undefined;
    const gv = groupVersion({ group, version });
    return group
      ? {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: gv,
          resources,
        }
      : { kind: 'APIResourceList', groupVersion: gv, resources };
  }
}
