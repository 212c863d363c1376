import type { PolicySourceManifest } from '@netseal/backstage-plugin-netseal-common';

/**
 * Which entity's policy source holds which policy, per cluster, across the catalog: a
 * live policy that some policy source holds is that entity's to report, never another
 * service's "exists only in the cluster". Pure; rebuilt or updated as policy sources are
 * read.
 */
export class PolicySourceDirectory {
  /** cluster → `namespace/name` → entity refs whose policy source holds it. */
  private readonly holders = new Map<string, Map<string, Set<string>>>();
  /** entity ref → the keys it holds, per cluster, to forget them on the next read. */
  private readonly heldBy = new Map<string, Map<string, Set<string>>>();

  /** Records what one entity's policy source holds for one cluster, replacing the last read. */
  setManifests(
    entityRef: string,
    cluster: string,
    manifests: readonly PolicySourceManifest[],
  ): void {
    this.forget(entityRef, cluster);
    const keys = new Set<string>();
    for (const manifest of manifests) {
      const identity =
        manifest.kind === 'sealed'
          ? {
              namespace: manifest.policy.metadata?.namespace,
              name: manifest.policy.metadata?.name,
            }
          : manifest;
      if (identity.namespace !== undefined && identity.name !== undefined) {
        keys.add(policyKey(identity.namespace, identity.name));
      }
    }
    let byCluster = this.heldBy.get(entityRef);
    if (!byCluster) {
      byCluster = new Map();
      this.heldBy.set(entityRef, byCluster);
    }
    byCluster.set(cluster, keys);
    let clusterHolders = this.holders.get(cluster);
    if (!clusterHolders) {
      clusterHolders = new Map();
      this.holders.set(cluster, clusterHolders);
    }
    for (const key of keys) {
      const entities = clusterHolders.get(key) ?? new Set<string>();
      entities.add(entityRef);
      clusterHolders.set(key, entities);
    }
  }

  /** Forgets an entity (removed from the catalog), in one cluster or all. */
  forget(entityRef: string, cluster?: string): void {
    const byCluster = this.heldBy.get(entityRef);
    if (!byCluster) {
      return;
    }
    const clusters = cluster === undefined ? [...byCluster.keys()] : [cluster];
    for (const name of clusters) {
      for (const key of byCluster.get(name) ?? []) {
        const entities = this.holders.get(name)?.get(key);
        entities?.delete(entityRef);
        if (entities?.size === 0) {
          this.holders.get(name)?.delete(key);
        }
      }
      byCluster.delete(name);
    }
    if (byCluster.size === 0) {
      this.heldBy.delete(entityRef);
    }
  }

  /** For ClusterDriftInput.isInAnotherPolicySource: held by an entity other than this one. */
  heldByOthersThan(
    entityRef: string,
    cluster: string,
  ): (namespace: string, name: string) => boolean {
    return (namespace, name) => {
      const entities = this.holders
        .get(cluster)
        ?.get(policyKey(namespace, name));
      return (
        entities !== undefined &&
        (entities.size > 1 || !entities.has(entityRef))
      );
    };
  }
}

function policyKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
