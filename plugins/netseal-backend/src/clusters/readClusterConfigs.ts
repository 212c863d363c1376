import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import * as k8s from '@kubernetes/client-node';
import type {
  ClusterAuth,
  ClusterDetails,
} from '@netseal/backstage-plugin-netseal-node';

const authProviders = ['serviceAccount', 'kubeconfig', 'inCluster'] as const;
type AuthProvider = (typeof authProviders)[number];

/** What reading cluster configuration may consult besides the config itself. */
export interface ReadClusterConfigsOptions {
  /** Environment of the in-cluster auth provider; `process.env` by default. */
  env?: Record<string, string | undefined>;
}

/** Collects every problem of a configuration so that one error lists them all. */
class Problems {
  private readonly messages: string[] = [];

  add(message: string) {
    this.messages.push(message);
  }

  get count() {
    return this.messages.length;
  }

  throwIfAny(what: string) {
    if (this.messages.length === 0) return;
    throw new InputError(
      `Invalid ${what}:\n${this.messages.map(m => `- ${m}`).join('\n')}`,
    );
  }
}

function readCaFile(
  path: string,
  key: string,
  problems: Problems,
): string | undefined {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    problems.add(
      `${key} '${path}' cannot be read (${
        (error as NodeJS.ErrnoException).code ?? String(error)
      }); give the path of a PEM file the backend can read, or set caData instead`,
    );
    return undefined;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    problems.add(
      `${key} '${path}' holds no PEM certificate (no '-----BEGIN CERTIFICATE-----' line); give the CA bundle that signed the API server's certificate`,
    );
    return undefined;
  }
  return Buffer.from(pem).toString('base64');
}

function checkCaData(caData: string, key: string, problems: Problems) {
  const decoded = Buffer.from(caData, 'base64').toString('utf8');
  if (!decoded.includes('-----BEGIN CERTIFICATE-----')) {
    problems.add(
      `${key} is not base64 of a PEM certificate; copy the cluster's certificate-authority-data from its kubeconfig`,
    );
  }
}

function checkUrl(
  url: string,
  key: string,
  skipTLSVerify: boolean | undefined,
  problems: Problems,
) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    problems.add(
      `${key} '${url}' is not a URL; give the API server's base URL, e.g. https://10.0.0.1:6443`,
    );
    return;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(
    parsed.hostname,
  );
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && loopback) {
    // client-node refuses plain HTTP otherwise.
    if (!skipTLSVerify) {
      problems.add(
        `${key} '${url}' uses plain HTTP, which needs skipTLSVerify: true beside it (there is no certificate to verify)`,
      );
    }
    return;
  }
  problems.add(
    parsed.protocol === 'http:'
      ? `${key} '${url}' uses plain HTTP, which would send the cluster's token unencrypted; use https (plain HTTP is accepted only on loopback addresses)`
      : `${key} '${url}' must start with https://`,
  );
}

/** Reads the CA from `caData` or `caFile` (not both), as base64 of the PEM. */
function readCa(
  cluster: Config,
  path: string,
  problems: Problems,
): string | undefined {
  const caData = cluster.getOptionalString('caData');
  const caFile = cluster.getOptionalString('caFile');
  if (caData && caFile) {
    problems.add(
      `${path} sets both caData and caFile; keep one of them (kubectl refuses both as well)`,
    );
    return undefined;
  }
  if (caData) {
    checkCaData(caData, `${path}.caData`, problems);
    return caData;
  }
  if (caFile) return readCaFile(caFile, `${path}.caFile`, problems);
  return undefined;
}

function loadKubeconfig(
  filePath: string,
  key: string,
  problems: Problems,
): k8s.KubeConfig | undefined {
  const kubeConfig = new k8s.KubeConfig();
  try {
    readFileSync(filePath);
  } catch (error) {
    problems.add(
      `${key} '${filePath}' cannot be read (${
        (error as NodeJS.ErrnoException).code ?? String(error)
      }); give the path of a kubeconfig file the backend can read`,
    );
    return undefined;
  }
  try {
    // loadFromFile makes the file's relative certificate paths absolute.
    kubeConfig.loadFromFile(filePath);
  } catch (error) {
    problems.add(
      `${key} '${filePath}' is not a valid kubeconfig: ${
        (error as Error).message
      }`,
    );
    return undefined;
  }
  if (kubeConfig.getContexts().length === 0) {
    problems.add(
      `${key} '${filePath}' is not a valid kubeconfig: it defines no contexts`,
    );
    return undefined;
  }
  return kubeConfig;
}

function contextNames(kubeConfig: k8s.KubeConfig): string {
  const names = kubeConfig.getContexts().map(c => c.name);
  return names.length > 0 ? names.join(', ') : '(none)';
}

/** Resolves a context of a kubeconfig file and the server its cluster names. */
function resolveContext(
  kubeConfig: k8s.KubeConfig,
  context: string | undefined,
  key: string,
  filePath: string,
  problems: Problems,
): { context: string; server?: string } | undefined {
  const name = context ?? kubeConfig.getCurrentContext();
  if (!name) {
    problems.add(
      `${key} is not set and '${filePath}' has no current-context; set ${key} to one of: ${contextNames(
        kubeConfig,
      )}`,
    );
    return undefined;
  }
  const contextObject = kubeConfig.getContextObject(name);
  if (!contextObject) {
    problems.add(
      `${key} '${name}' is not a context of '${filePath}'; use one of: ${contextNames(
        kubeConfig,
      )}`,
    );
    return undefined;
  }
  const cluster = kubeConfig.getCluster(contextObject.cluster);
  if (!cluster) {
    problems.add(
      `context '${name}' of '${filePath}' names cluster '${contextObject.cluster}', which the file does not define; fix the kubeconfig file`,
    );
    return undefined;
  }
  if (!kubeConfig.getUser(contextObject.user)) {
    problems.add(
      `context '${name}' of '${filePath}' names user '${contextObject.user}', which the file does not define; fix the kubeconfig file`,
    );
    return undefined;
  }
  return { context: name, server: cluster.server };
}

function inClusterUrl(
  env: Record<string, string | undefined>,
): string | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) return undefined;
  return `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

const fieldsByProvider: Record<AuthProvider, string[]> = {
  serviceAccount: ['serviceAccountToken'],
  kubeconfig: ['kubeconfigPath', 'kubeconfigContext'],
  inCluster: [],
};

function readNetsealCluster(
  cluster: Config,
  path: string,
  options: Required<ReadClusterConfigsOptions>,
  problems: Problems,
): ClusterDetails | undefined {
  const before = problems.count;
  const name = cluster.getOptionalString('name');
  if (!name?.trim()) {
    problems.add(
      `${path}.name is missing; give every cluster a unique name, e.g. prod-eu`,
    );
  }
  const provider =
    cluster.getOptionalString('authProvider') ?? 'serviceAccount';
  if (!authProviders.includes(provider as AuthProvider)) {
    problems.add(
      `${path}.authProvider '${provider}' is not supported; use one of: ${authProviders.join(
        ', ',
      )}`,
    );
    return undefined;
  }
  const authProvider = provider as AuthProvider;
  for (const [other, fields] of Object.entries(fieldsByProvider)) {
    if (other === authProvider) continue;
    for (const field of fields) {
      if (cluster.has(field)) {
        problems.add(
          `${path}.${field} applies only to authProvider: ${other}, but the cluster uses ${authProvider}; set authProvider: ${other} or remove ${field}`,
        );
      }
    }
  }

  const configuredUrl = cluster.getOptionalString('url');
  const skipTLSVerify = cluster.getOptionalBoolean('skipTLSVerify');
  if (configuredUrl !== undefined)
    checkUrl(configuredUrl, `${path}.url`, skipTLSVerify, problems);
  const caData = readCa(cluster, path, problems);
  const rolloutToken = cluster.getOptionalString('rollout.serviceAccountToken');
  const rolloutContext = cluster.getOptionalString('rollout.kubeconfigContext');
  if (rolloutToken && rolloutContext) {
    problems.add(
      `${path}.rollout sets both serviceAccountToken and kubeconfigContext; keep the one that matches authProvider ${authProvider}`,
    );
  }

  let url = configuredUrl;
  let auth: ClusterAuth | undefined;
  let rolloutAuth: ClusterAuth | undefined;
  if (authProvider === 'serviceAccount' || authProvider === 'inCluster') {
    if (rolloutContext) {
      problems.add(
        `${path}.rollout.kubeconfigContext applies only to authProvider: kubeconfig; give the rollout identity as ${path}.rollout.serviceAccountToken`,
      );
    }
    if (rolloutToken) rolloutAuth = { kind: 'token', token: rolloutToken };
  }
  if (authProvider === 'serviceAccount') {
    const token = cluster.getOptionalString('serviceAccountToken');
    if (!configuredUrl) {
      problems.add(
        `${path}.url is missing; give the API server's base URL, e.g. https://10.0.0.1:6443`,
      );
    }
    if (!token) {
      problems.add(
        `${path}.serviceAccountToken is missing; give the token of a read-only ServiceAccount, or choose another authProvider (kubeconfig, inCluster)`,
      );
    } else auth = { kind: 'token', token };
  } else if (authProvider === 'inCluster') {
    url ??= inClusterUrl(options.env);
    if (!url) {
      problems.add(
        `${path}.authProvider is inCluster, but KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set, so the backend is not running in a pod; use authProvider serviceAccount or kubeconfig, or set ${path}.url`,
      );
    }
    auth = { kind: 'inCluster' };
  } else {
    if (rolloutToken) {
      problems.add(
        `${path}.rollout.serviceAccountToken does not apply to authProvider: kubeconfig; name the rollout identity's context in ${path}.rollout.kubeconfigContext`,
      );
    }
    const filePath = cluster.getOptionalString('kubeconfigPath');
    if (!filePath) {
      problems.add(
        `${path}.kubeconfigPath is missing; authProvider kubeconfig needs the path of a kubeconfig file`,
      );
    } else {
      const kubeConfig = loadKubeconfig(
        filePath,
        `${path}.kubeconfigPath`,
        problems,
      );
      if (kubeConfig) {
        const resolved = resolveContext(
          kubeConfig,
          cluster.getOptionalString('kubeconfigContext'),
          `${path}.kubeconfigContext`,
          filePath,
          problems,
        );
        const kubeconfig = kubeConfig.exportConfig();
        if (resolved) {
          url ??= resolved.server;
          auth = { kind: 'kubeconfig', kubeconfig, context: resolved.context };
        }
        if (rolloutContext) {
          const rollout = resolveContext(
            kubeConfig,
            rolloutContext,
            `${path}.rollout.kubeconfigContext`,
            filePath,
            problems,
          );
          if (rollout) {
            rolloutAuth = {
              kind: 'kubeconfig',
              kubeconfig,
              context: rollout.context,
            };
          }
        }
      }
    }
  }

  if (problems.count > before || !name || !url || !auth) return undefined;
  return {
    name,
    url,
    auth,
    ...(rolloutAuth ? { rolloutAuth } : {}),
    ...(caData ? { caData } : {}),
    ...(skipTLSVerify !== undefined ? { skipTLSVerify } : {}),
  };
}

const kubernetesAuthProviderAnnotation = 'kubernetes.io/auth-provider';

/** A cluster of the Kubernetes plugin's config locator; only service-account tokens. */
function readKubernetesPluginCluster(
  cluster: Config,
  path: string,
  problems: Problems,
): ClusterDetails | undefined {
  const before = problems.count;
  const name = cluster.getOptionalString('name');
  const label = name ? ` (cluster '${name}')` : '';
  if (!name?.trim()) {
    problems.add(`${path}.name is missing; give every cluster a unique name`);
  }
  const url = cluster.getOptionalString('url');
  const skipTLSVerify = cluster.getOptionalBoolean('skipTLSVerify');
  if (!url) {
    problems.add(
      `${path}.url${label} is missing; give the API server's base URL`,
    );
  } else checkUrl(url, `${path}.url${label}`, skipTLSVerify, problems);
  // Read raw: its keys, such as kubernetes.io/auth-provider, are not valid config keys.
  const authMetadata = cluster.getOptional('authMetadata');
  const metadataString = (key: string) => {
    const value =
      typeof authMetadata === 'object' &&
      authMetadata !== null &&
      !Array.isArray(authMetadata)
        ? authMetadata[key]
        : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const authProvider =
    metadataString(kubernetesAuthProviderAnnotation) ??
    cluster.getOptionalString('authProvider');
  if (authProvider !== 'serviceAccount') {
    problems.add(
      `${path}.authProvider${label} is '${
        authProvider ?? '(not set)'
      }'; Netseal reads clusters from the Kubernetes plugin's config only with authProvider serviceAccount and a serviceAccountToken. Configure the cluster under netseal.clusters instead (authProvider serviceAccount, kubeconfig or inCluster)`,
    );
    return undefined;
  }
  const token =
    cluster.getOptionalString('serviceAccountToken') ??
    metadataString('serviceAccountToken');
  if (!token) {
    problems.add(
      `${path}.serviceAccountToken${label} is missing; the Kubernetes plugin then uses the backend pod's own ServiceAccount, which Netseal does not assume. Set serviceAccountToken, or configure the cluster under netseal.clusters with authProvider inCluster`,
    );
  }
  const caData = readCa(cluster, path, problems);
  if (problems.count > before || !name || !url || !token) return undefined;
  return {
    name,
    url,
    auth: { kind: 'token', token },
    ...(caData ? { caData } : {}),
    ...(skipTLSVerify !== undefined ? { skipTLSVerify } : {}),
  };
}

function readKubernetesPluginClusters(
  config: Config,
  problems: Problems,
): Array<{ details: ClusterDetails; path: string }> {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: Array<{ details: ClusterDetails; path: string }> = [];
  methods.forEach((method, methodIndex) => {
    // Other locators (catalog, gke, localKubectlProxy) find clusters at runtime with
    // auth providers Netseal does not implement; they contribute nothing here.
    if (method.getOptionalString('type') !== 'config') return;
    const base = `kubernetes.clusterLocatorMethods[${methodIndex}].clusters`;
    (method.getOptionalConfigArray('clusters') ?? []).forEach((cluster, i) => {
      const path = `${base}[${i}]`;
      const details = readKubernetesPluginCluster(cluster, path, problems);
      if (details) clusters.push({ details, path });
    });
  });
  return clusters;
}

function checkUniqueNames(
  clusters: Array<{ details: ClusterDetails; path: string }>,
  problems: Problems,
) {
  const seen = new Map<string, string>();
  for (const { details, path } of clusters) {
    const first = seen.get(details.name);
    if (first) {
      problems.add(
        `${path}.name '${details.name}' repeats the name of ${first}; cluster names must be unique`,
      );
    } else seen.set(details.name, path);
  }
}

/**
 * Reads the clusters Netseal watches from `netseal.clusters`, or, when that key is
 * absent, from the Kubernetes plugin's `kubernetes.clusterLocatorMethods` of type
 * `config`. Every problem is reported at once, in one InputError that names each field
 * and how to fix it. Files (`caFile`, `kubeconfigPath`) are read here, so a missing file
 * stops the backend at start-up rather than at the first request.
 */
export function readClusterConfigs(
  config: Config,
  options: ReadClusterConfigsOptions = {},
): ClusterDetails[] {
  const resolved = { env: options.env ?? process.env };
  const problems = new Problems();
  const netsealClusters = config.getOptionalConfigArray('netseal.clusters');
  if (netsealClusters === undefined) {
    const clusters = readKubernetesPluginClusters(config, problems);
    checkUniqueNames(clusters, problems);
    problems.throwIfAny(
      "cluster configuration (read from the Kubernetes plugin's kubernetes.clusterLocatorMethods because netseal.clusters is not set)",
    );
    return clusters.map(c => c.details);
  }

  const read: Array<{ details: ClusterDetails; path: string }> = [];
  netsealClusters.forEach((cluster, index) => {
    const path = `netseal.clusters[${index}]`;
    const details = readNetsealCluster(cluster, path, resolved, problems);
    if (details) read.push({ details, path });
  });
  checkUniqueNames(read, problems);
  problems.throwIfAny('netseal.clusters configuration');
  return read.map(r => r.details);
}
