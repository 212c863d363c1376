import { useApi } from '@backstage/core-plugin-api';
import type { ClusterGuard } from '@netseal/backstage-plugin-netseal-common';
import { useCallback, useMemo, useState } from 'react';
import { netsealApiRef } from '../../api';

/** The guard installs started from the fleet page, per cluster. */
export interface GuardInstalls {
  installing: ReadonlySet<string>;
  /** The last install's failure, until the next try. */
  failures: ReadonlyMap<string, Error>;
  /** The guard each successful install answered, to show before the fleet reloads. */
  installed: ReadonlyMap<string, ClusterGuard>;
  install(cluster: string): void;
}

/**
 * Installs or upgrades clusters' guards and remembers each one's outcome. The state
 * lives here rather than in the table's cells, which the table may remount whenever the
 * fleet refreshes.
 */
export function useGuardInstalls(onInstalled: () => void): GuardInstalls {
  const api = useApi(netsealApiRef);
  const [installing, setInstalling] = useState<ReadonlySet<string>>(new Set());
  const [failures, setFailures] = useState<ReadonlyMap<string, Error>>(
    new Map(),
  );
  const [installed, setInstalled] = useState<ReadonlyMap<string, ClusterGuard>>(
    new Map(),
  );

  const install = useCallback(
    (cluster: string) => {
      setInstalling(previous => new Set(previous).add(cluster));
      setFailures(previous => without(previous, cluster));
      api.installClusterGuard(cluster).then(
        guard => {
          setInstalled(previous => new Map(previous).set(cluster, guard));
          setInstalling(previous => withoutItem(previous, cluster));
          onInstalled();
        },
        (error: Error) => {
          setFailures(previous => new Map(previous).set(cluster, error));
          setInstalling(previous => withoutItem(previous, cluster));
        },
      );
    },
    [api, onInstalled],
  );

  return useMemo(
    () => ({ installing, failures, installed, install }),
    [installing, failures, installed, install],
  );
}

function without<T>(map: ReadonlyMap<string, T>, key: string) {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}

function withoutItem(set: ReadonlySet<string>, item: string) {
  const copy = new Set(set);
  copy.delete(item);
  return copy;
}
