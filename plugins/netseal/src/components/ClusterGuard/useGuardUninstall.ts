import { useApi } from '@backstage/core-plugin-api';
import type { ClusterGuard } from '@netseal/backstage-plugin-netseal-common';
import { useCallback, useMemo, useState } from 'react';
import { netsealApiRef } from '../../api';

/** Uninstalls asked for from the fleet page: the one being confirmed, and how each went. */
export interface GuardUninstall {
  /** The cluster whose uninstall waits for confirmation. */
  confirming?: string;
  uninstalling: ReadonlySet<string>;
  /** Why the confirmed uninstall failed, until the next try. */
  failure?: Error;
  /** The guard each uninstall answered, to show before the fleet reloads. */
  uninstalled: ReadonlyMap<string, ClusterGuard>;
  ask(cluster: string): void;
  cancel(): void;
  confirm(): void;
}

/**
 * Asks, then uninstalls a cluster's guard. The state lives in the page rather than in
 * the table's cells, which the table may remount whenever the fleet refreshes, and
 * which would close the dialog.
 */
export function useGuardUninstall(onUninstalled: () => void): GuardUninstall {
  const api = useApi(netsealApiRef);
  const [confirming, setConfirming] = useState<string>();
  const [uninstalling, setUninstalling] = useState<ReadonlySet<string>>(
    new Set(),
  );
  const [failure, setFailure] = useState<Error>();
  const [uninstalled, setUninstalled] = useState<
    ReadonlyMap<string, ClusterGuard>
  >(new Map());

  const ask = useCallback((cluster: string) => {
    setFailure(undefined);
    setConfirming(cluster);
  }, []);
  const cancel = useCallback(() => setConfirming(undefined), []);
  const confirm = useCallback(() => {
    const cluster = confirming;
    if (!cluster) return;
    setFailure(undefined);
    setUninstalling(previous => new Set(previous).add(cluster));
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
        setConfirming(current => (current === cluster ? undefined : current));
        onUninstalled();
      },
      (error: Error) => {
        setFailure(error);
        done();
      },
    );
  }, [api, confirming, onUninstalled]);

  return useMemo(
    () => ({
      confirming,
      uninstalling,
      failure,
      uninstalled,
      ask,
      cancel,
      confirm,
    }),
    [confirming, uninstalling, failure, uninstalled, ask, cancel, confirm],
  );
}
