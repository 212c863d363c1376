import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import {
  KubeApiTestServer,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import { stringify } from 'yaml';
import { RealKubernetes, RealKubernetesContext } from '../startRealKubernetes';

/** One of the two servers the differential scenario runs against. */
export interface DifferentialTarget {
  readonly name: 'real' | 'test server';
  readonly server: string;
  /** A kubeconfig file with the contexts admin (current), rollout and reader. */
  readonly kubeconfigPath: string;
  kubeConfig(context?: RealKubernetesContext): k8s.KubeConfig;
  /**
   * Forgets the server's history, so that a watch from an old resourceVersion is told
   * 410 Gone: an etcd compaction on the real server, the test server's own switch there.
   */
  compact(): Promise<void>;
}

function kubeConfigOn(path: string, context: RealKubernetesContext) {
  const config = new k8s.KubeConfig();
  config.loadFromFile(path);
  config.setCurrentContext(context);
  return config;
}

/** The real control plane as a target. */
export function realTarget(real: RealKubernetes): DifferentialTarget {
  return {
    name: 'real',
    server: real.server,
    kubeconfigPath: real.kubeconfigPath,
    kubeConfig: (context = 'admin') =>
      kubeConfigOn(real.kubeconfigPath, context),
    compact: async () => {
      await real.compactEtcd();
    },
  };
}

/**
 * The test server, started with the identities the real control plane's script sets up:
 * the same usernames, uids and groups, and rights that mirror its RBAC.
 */
export async function startTestServerTarget(
  folder: string,
): Promise<{ target: DifferentialTarget; server: KubeApiTestServer }> {
  const server = await startKubeApiTestServer({
    tokens: {
      admin: {
        username: 'netseal-admin',
        uid: 'netseal-admin',
        groups: ['system:masters'],
        access: 'write',
      },
      rollout: {
        username: 'netseal-rollout',
        uid: 'netseal-rollout',
        access: 'none',
        resources: { 'networkpolicies.networking.k8s.io': 'write' },
      },
      reader: {
        username: 'netseal-reader',
        uid: 'netseal-reader',
        access: 'none',
        resources: {
          'networkpolicies.networking.k8s.io': 'read',
          namespaces: 'read',
          pods: 'read',
          configmaps: 'read',
          'validatingadmissionpolicies.admissionregistration.k8s.io': 'read',
          'validatingadmissionpolicybindings.admissionregistration.k8s.io':
            'read',
        },
      },
    },
  });
  const kubeconfigPath = join(folder, 'test-server.kubeconfig');
  const contexts: RealKubernetesContext[] = ['admin', 'rollout', 'reader'];
  writeFileSync(
    kubeconfigPath,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'test-server',
          cluster: {
            server: server.url,
            'certificate-authority-data': server.caData,
          },
        },
      ],
      users: contexts.map(name => ({
        name,
        user: { token: server.tokens[name] },
      })),
      contexts: contexts.map(name => ({
        name,
        context: { cluster: 'test-server', user: name },
      })),
      'current-context': 'admin',
    }),
  );
  return {
    server,
    target: {
      name: 'test server',
      server: server.url,
      kubeconfigPath,
      kubeConfig: (context = 'admin') => kubeConfigOn(kubeconfigPath, context),
      compact: async () => {
        server.faults.compactHistory();
      },
    },
  };
}
