import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as k8s from '@kubernetes/client-node';

/** The identities of the control plane's kubeconfig, one context each. */
export type RealKubernetesContext = 'admin' | 'rollout' | 'reader';

/** A running real control plane: etcd, kube-apiserver and kube-controller-manager. */
export interface RealKubernetes {
  /** The API server, `https://127.0.0.1:<port>`. */
  readonly server: string;
  /** The Kubernetes release it was built from, such as `v1.37.2`. */
  readonly version: string;
  /**
   * A kubeconfig file with the contexts `admin` (group system:masters; the current one),
   * `rollout` (user netseal-rollout, NetworkPolicies only) and `reader` (read-only).
   */
  readonly kubeconfigPath: string;
  /** The folder the control plane runs in (logs under `logs/`). */
  readonly dir: string;
  /** What `scripts/real-kubernetes.sh start` reported: build and start-up times. */
  readonly startReport: string;
  /** The kubeconfig as text, with the given context current (default `admin`). */
  kubeconfig(context?: RealKubernetesContext): string;
  /** A client-node KubeConfig on the given context (default `admin`). */
  kubeConfig(context?: RealKubernetesContext): k8s.KubeConfig;
  /**
   * Creates a namespace with a unique name starting with `prefix` and waits until its
   * `default` ServiceAccount exists (pods are refused before that). Returns the name.
   */
  createNamespace(
    prefix?: string,
    labels?: Record<string, string>,
  ): Promise<string>;
  /** Deletes a namespace and waits until the namespace controller has removed it. */
  deleteNamespace(name: string): Promise<void>;
  /**
   * Compacts etcd at its current revision and returns that revision. Watches that the API
   * server serves from etcd, and lists or watches with an older resourceVersion that its
   * watch cache no longer holds, then get 410 Gone.
   */
  compactEtcd(): Promise<number>;
  /** Stops the control plane if this call started it; a shared one is left running. */
  stop(): Promise<void>;
}

/** How to get a control plane. */
export interface StartRealKubernetesOptions {
  /**
   * Folder of a control plane that someone else started and will stop, such as the one
   * `scripts/test.sh` shares with all tests through `NETSEAL_REAL_KUBERNETES_DIR` (the
   * default). When neither is set, a control plane of its own is started in a temporary
   * folder and `stop()` stops it.
   */
  sharedDir?: string;
  /**
   * Start one of its own even when a shared one runs: for a test that owns the whole
   * cluster, such as one that installs Netseal's cluster-wide guard under its fixed names.
   */
  dedicated?: boolean;
  /**
   * `false` starts a control plane of its own whose API server serves every list and
   * watch from etcd (`--watch-cache=false`), so that {@link RealKubernetes.compactEtcd}
   * turns old resourceVersions into 410 Gone at once. With the watch cache (the default,
   * as in production) a compaction does not shorten what watches can replay.
   */
  watchCache?: boolean;
}

/**
 * A jest `beforeAll` that may have to build the binaries (several minutes on a fresh
 * clone) needs this long.
 */
export const REAL_KUBERNETES_START_TIMEOUT_MS = 20 * 60_000;

/**
 * scripts/real-kubernetes.sh of this repository, found upwards from the working folder
 * (a package's folder under `backstage-cli package test`, the root under `repo test`).
 */
function findScript(): string {
  for (let folder = process.cwd(); ; folder = dirname(folder)) {
    const candidate = join(folder, 'scripts', 'real-kubernetes.sh');
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) {
      throw new Error(
        `no scripts/real-kubernetes.sh above ${process.cwd()}: run the tests from inside the Netseal repository`,
      );
    }
  }
}

function run(args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'bash',
      [findScript(), ...args],
      { timeout: REAL_KUBERNETES_START_TIMEOUT_MS, maxBuffer: 16 << 20 },
      (error, _stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `scripts/real-kubernetes.sh ${args.join(' ')} failed:\n${stderr}`,
            ),
          );
        } else {
          resolvePromise(stderr);
        }
      },
    );
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolvePromise => setTimeout(resolvePromise, ms));
}

async function until<T>(
  what: string,
  seconds: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within ${seconds} s`);
    }
    await sleep(100);
  }
}

function statusCode(error: unknown): number | undefined {
  return error instanceof k8s.ApiException ? error.code : undefined;
}

/**
 * A real Kubernetes control plane for a test: the shared one when there is one (see
 * {@link StartRealKubernetesOptions.sharedDir}), otherwise one of its own, built first
 * if needed. Never skips: when the binaries are missing, it builds them.
 */
export async function startRealKubernetes(
  options: StartRealKubernetesOptions = {},
): Promise<RealKubernetes> {
  const watchCache = options.watchCache ?? true;
  const sharedDir =
    watchCache && !options.dedicated
      ? options.sharedDir ?? process.env.NETSEAL_REAL_KUBERNETES_DIR
      : undefined;
  let dir: string;
  let startReport: string;
  if (sharedDir) {
    dir = resolve(sharedDir);
    if (!existsSync(join(dir, 'endpoints.json'))) {
      throw new Error(
        `NETSEAL_REAL_KUBERNETES_DIR is ${dir}, where no control plane runs; start one with scripts/real-kubernetes.sh start ${dir}, or unset the variable`,
      );
    }
    startReport = `shared control plane in ${dir}`;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'real-kubernetes-'));
    // If this process dies before stop(), the script's watcher stops the control plane.
    startReport = await run([
      'start',
      dir,
      '--stop-with',
      String(process.pid),
      ...(watchCache ? [] : ['--no-watch-cache']),
    ]);
  }
  const endpoints = JSON.parse(
    readFileSync(join(dir, 'endpoints.json'), 'utf8'),
  ) as { server: string; etcd: string; version: string };
  const kubeconfigPath = join(dir, 'kubeconfig');
  const kubeConfig = (context: RealKubernetesContext = 'admin') => {
    const config = new k8s.KubeConfig();
    config.loadFromFile(kubeconfigPath);
    config.setCurrentContext(context);
    return config;
  };
  const core = kubeConfig().makeApiClient(k8s.CoreV1Api);

  return {
    server: endpoints.server,
    version: endpoints.version,
    kubeconfigPath,
    dir,
    startReport,
    kubeconfig(context = 'admin') {
      return readFileSync(kubeconfigPath, 'utf8').replace(
        /^current-context: .*$/m,
        `current-context: ${context}`,
      );
    },
    kubeConfig,
    async createNamespace(prefix = 'test', labels = {}) {
      const name = `${prefix}-${randomBytes(4).toString('hex')}`;
      await core.createNamespace({ body: { metadata: { name, labels } } });
      await until(`the default ServiceAccount of ${name}`, 60, async () => {
        try {
          return await core.readNamespacedServiceAccount({
            name: 'default',
            namespace: name,
          });
        } catch (error) {
          if (statusCode(error) === 404) return undefined;
          throw error;
        }
      });
      return name;
    },
    async deleteNamespace(name) {
      try {
        await core.deleteNamespace({ name });
      } catch (error) {
        if (statusCode(error) === 404) return;
        throw error;
      }
      await until(`the deletion of namespace ${name}`, 120, async () => {
        try {
          await core.readNamespace({ name });
          return undefined;
        } catch (error) {
          if (statusCode(error) === 404) return true;
          throw error;
        }
      });
    },
    async compactEtcd() {
      // etcd's JSON gateway: keys are base64; a range over one key returns the revision.
      const post = async (path: string, body: object) => {
        const response = await fetch(`${endpoints.etcd}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
        if (!response.ok) {
          throw new Error(`etcd ${path} answered ${response.status}`);
        }
        return response.json() as Promise<{ header: { revision: string } }>;
      };
      const range = await post('/v3/kv/range', {
        key: Buffer.from('/registry/').toString('base64'),
        limit: 1,
      });
      const revision = Number(range.header.revision);
      await post('/v3/kv/compaction', { revision, physical: true });
      return revision;
    },
    async stop() {
      if (sharedDir) return;
      await run(['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
