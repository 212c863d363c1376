import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { KubeObject } from '../api/types';
import { groupVersion } from '../resources/ResourceDefinition';
import type { ResourceService } from '../server/ResourceService';
import { parseSeed } from './parseSeed';

/** The objects a state file holds, or undefined when there is none yet. */
export function readStateFile(file: string): KubeObject[] | undefined {
  if (!existsSync(file)) return undefined;
  return parseSeed(readFileSync(file, 'utf8'), file);
}

/** A state file being kept: `flush` writes what is pending now, `close` also stops following. */
export interface KeptStateFile {
  flush(): void;
  close(): void;
}

/**
 * Keeps a server's objects in `file` across restarts, as etcd's data directory keeps a
 * cluster's (the demo's clusters use it): rewritten after every change, once per burst of
 * writes, through a temporary file renamed over it so a kill never leaves half a file. It
 * is read back at start as a seed, so objects return with their content, labels and
 * status, while uid, resourceVersion and managedFields are assigned afresh.
 */
export function keepStateFile(
  service: ResourceService,
  file: string,
  options: { delayMs?: number } = {},
): KeptStateFile {
  const delayMs = options.delayMs ?? 100;
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    const items = service.registry.all().flatMap(definition =>
      // The store keeps objects without their type, which the API adds when it answers.
      service.store.list(definition).map(object => ({
        ...object,
        apiVersion: groupVersion(definition),
        kind: definition.kind,
      })),
    );
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(
      temporary,
      `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1)}\n`,
      { mode: 0o600 },
    );
    renameSync(temporary, file);
  };
  const unsubscribe = service.store.subscribe(() => {
    timer ??= setTimeout(write, delayMs);
  });
  write();
  return {
    flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
    },
    close() {
      unsubscribe();
      this.flush();
    },
  };
}
