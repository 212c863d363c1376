import type { PolicySourceManifest } from '@netseal/backstage-plugin-netseal-common';

/**
 * Which entity's policy source holds which policy, per cluster, across the catalog: a
 * live policy that some policy source holds is that entity's to report, never another
 * service's "exists only in the cluster". Pure; rebuilt or updated as policy sources are
 * read.
 */
export class PolicySourceDirectory {
  /** cluster → namespace → name → entity refs whose policy source holds it. */
  private readonly holders = new Map<
    string,
    Map<string, Map<string, Set<string>>>
  >();
  /** entity ref → the policies it holds, per cluster, to forget them on the next read. */
  private readonly heldBy = new Map<
    string,
    Map<string, Array<{ namespace: string; name: string }>>
  >();

  /** Records what one entity's policy source holds for one cluster, replacing the last read. */
  setManifests(
    entityRef: string,
    cluster: string,
    manifests: readonly PolicySourceManifest[],
  ): void {
    this.forget(entityRef, cluster);
    const held: Array<{ namespace: string; name: string }> = [];
    let clusterHolders = this.holders.get(cluster);
    if (!clusterHolders) {
      clusterHolders = new Map();
      this.holders.set(cluster, clusterHolders);
    }
    for (const manifest of manifests) {
      const identity =
        manifest.kind === 'sealed'
          ? {
              namespace: manifest.policy.metadata?.namespace,
              name: manifest.policy.metadata?.name,
            }
          : manifest;
      const { namespace, name } = identity;
      if (namespace === undefined || name === undefined) {
        continue;
      }
      let byName = clusterHolders.get(namespace);
      if (!byName) {
        byName = new Map();
        clusterHolders.set(namespace, byName);
      }
      const entities = byName.get(name) ?? new Set<string>();
      entities.add(entityRef);
      byName.set(name, entities);
      held.push({ namespace, name });
    }
    let byCluster = this.heldBy.get(entityRef);
    if (!byCluster) {
      byCluster = new Map();
      this.heldBy.set(entityRef, byCluster);
    }
    byCluster.set(cluster, held);
  }

  /** Forgets an entity (removed from the catalog), in one cluster or all. */
  forget(entityRef: string, cluster?: string): void {
    const byCluster = this.heldBy.get(entityRef);
    if (!byCluster) {
      return;
    }
    const clusters = cluster === undefined ? [...byCluster.keys()] : [cluster];
    for (const clusterName of clusters) {
      const clusterHolders = this.holders.get(clusterName);
      for (const { namespace, name } of byCluster.get(clusterName) ?? []) {
        const byName = clusterHolders?.get(namespace);
        const entities = byName?.get(name);
        entities?.delete(entityRef);
        if (entities?.size === 0) {
          byName!.delete(name);
          if (byName!.size === 0) clusterHolders!.delete(namespace);
        }
      }
      byCluster.delete(clusterName);
    }
    if (byCluster.size === 0) {
      this.heldBy.delete(entityRef);
    }
  }

  /** The entities whose policy source holds this policy for this cluster. */
  holdersOf(cluster: string, namespace: string, name: string): string[] {
    return [...(this.holders.get(cluster)?.get(namespace)?.get(name) ?? [])];
  }

  /** For ClusterDriftInput.isInAnotherPolicySource: held by an entity other than this one. */
  heldByOthersThan(
    entityRef: string,
    cluster: string,
  ): (namespace: string, name: string) => boolean {
    return (namespace, name) => {
      const entities = this.holders.get(cluster)?.get(namespace)?.get(name);
      return (
        entities !== undefined &&
        (entities.size > 1 || !entities.has(entityRef))
      );
    };
  }
}
