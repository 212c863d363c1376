import { execFile } from 'node:child_process';
import https from 'node:https';
import {
  RealKubernetes,
  RealKubernetesContext,
} from '@netseal/real-kubernetes';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';

/** A context's bearer token and the cluster's CA, as the kubeconfig holds them. */
function credentialsOf(real: RealKubernetes, context: RealKubernetesContext) {
  const config = real.kubeConfig(context);
  const token = config.getCurrentUser()?.token;
  const caData = config.getCurrentCluster()?.caData;
  if (!token || !caData) {
    throw new Error(
      `context ${context} of ${real.kubeconfigPath} has no token or CA`,
    );
  }
  return { token, caData };
}

/**
 * One entry of `netseal.clusters` on the real API server: the read-only identity of
 * context `read`, and the rollout identity of context `rollout` when given.
 */
export function realClusterConfig(
  name: string,
  real: RealKubernetes,
  identities: {
    read: RealKubernetesContext;
    rollout?: RealKubernetesContext;
  } = { read: 'reader' },
) {
  const read = credentialsOf(real, identities.read);
  return {
    name,
    url: real.server,
    serviceAccountToken: read.token,
    caData: read.caData,
    ...(identities.rollout
      ? {
          rollout: {
            serviceAccountToken: credentialsOf(real, identities.rollout).token,
          },
        }
      : {}),
  };
}

/** The live view's and the guard service's description of the same cluster. */
export function realClusterDetails(
  name: string,
  real: RealKubernetes,
  read: RealKubernetesContext = 'reader',
  url: string = real.server,
): ClusterDetails {
  const { token, caData } = credentialsOf(real, read);
  return {
    name,
    url,
    auth: { kind: 'token', token },
    caData,
    rolloutAuth: {
      kind: 'token',
      token: credentialsOf(real, 'rollout').token,
    },
  };
}

export interface RealAnswer {
  status: number;
  body: { [key: string]: unknown } & {
    message?: string;
    metadata?: { [key: string]: unknown };
    items?: NetworkPolicy[];
  };
}

/** One request to the real API server as the identity of `context`, answered as JSON. */
export function realRequest(
  real: RealKubernetes,
  context: RealKubernetesContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: object,
  contentType = method === 'PATCH'
    ? 'application/merge-patch+json'
    : 'application/json',
  headers: Record<string, string> = {},
): Promise<RealAnswer> {
  const { token, caData } = credentialsOf(real, context);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, real.server),
      {
        method,
        ca: Buffer.from(caData, 'base64'),
        headers: {
          ...headers,
          authorization: `Bearer ${token}`,
          'content-type': contentType,
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : {},
          }),
        );
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${path} timed out`)));
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Like {@link realRequest}, but a status of 300 or more throws with the server's message. */
export async function realWrite(
  real: RealKubernetes,
  context: RealKubernetesContext,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: object,
): Promise<RealAnswer> {
  const answer = await realRequest(real, context, method, path, body);
  if (answer.status >= 300) {
    throw new Error(
      `${method} ${path} as ${context} answered ${answer.status}: ${answer.body.message}`,
    );
  }
  return answer;
}

export const policiesPathOf = (namespace: string) =>
  `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`;

/** The namespace's NetworkPolicies as the real server holds them, read as the admin. */
export async function realPolicies(
  real: RealKubernetes,
  namespace: string,
): Promise<NetworkPolicy[]> {
  const answer = await realRequest(
    real,
    'admin',
    'GET',
    policiesPathOf(namespace),
  );
  return answer.body.items ?? [];
}

function exitCodeOf(error: { code?: unknown } | null): number {
  if (!error) return 0;
  return typeof error.code === 'number' ? error.code : 1;
}

/** Real kubectl (1.32 on CI's PATH) on the control plane, as a user at a terminal. */
export function kubectl(
  real: RealKubernetes,
  context: RealKubernetesContext,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', real.kubeconfigPath, '--context', context, ...args],
      {
        timeout: 60_000,
        env: { ...process.env, ...options.env },
      },
      (error, stdout, stderr) =>
        resolve({
          code: exitCodeOf(error),
          stdout,
          stderr,
        }),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
