import { useApi } from '@backstage/core-plugin-api';
import type { ClusterGuard } from '@netseal/backstage-plugin-netseal-common';
import { useCallback, useMemo, useState } from 'react';
import { netsealApiRef } from '../../api';

/** The guard uninstalls started from the fleet page, per cluster. */
export interface GuardUninstalls {
  uninstalling: ReadonlySet<string>;
  /** The last uninstall's failure, until the next try. */
  failures: ReadonlyMap<string, Error>;
  /** The guard each uninstall answered, to show before the fleet reloads. */
  uninstalled: ReadonlyMap<string, ClusterGuard>;
  /** Uninstalls at once: the caller has asked for confirmation already. */
  uninstall(cluster: string): void;
}

/**
 * Uninstalls clusters' guards and remembers each one's outcome. The state lives in the
 * page rather than in the table's cells, which the table may remount whenever the fleet
 * refreshes.
 */
export function useGuardUninstall(onUninstalled: () => void): GuardUninstalls {
  const api = useApi(netsealApiRef);
  const [uninstalling, setUninstalling] = useState<ReadonlySet<string>>(
    new Set(),
  );
  const [failures, setFailures] = useState<ReadonlyMap<string, Error>>(
    new Map(),
  );
  const [uninstalled, setUninstalled] = useState<
    ReadonlyMap<string, ClusterGuard>
  >(new Map());

  const uninstall = useCallback(
    (cluster: string) => {
      setUninstalling(previous => new Set(previous).add(cluster));
      setFailures(previous => {
        const copy = new Map(previous);
        copy.delete(cluster);
        return copy;
      });
      const done = () =>
        setUninstalling(previous => {
          const copy = new Set(previous);
          copy.delete(cluster);
          return copy;
        });
      api.uninstallClusterGuard(cluster).then(
        guard => {
          setUninstalled(previous => new Map(previous).set(cluster, guard));
          done();
          onUninstalled();
        },
        (error: Error) => {
          setFailures(previous => new Map(previous).set(cluster, error));
          done();
        },
      );
    },
    [api, onUninstalled],
  );

  return useMemo(
    () => ({ uninstalling, failures, uninstalled, uninstall }),
    [uninstalling, failures, uninstalled, uninstall],
  );
}
