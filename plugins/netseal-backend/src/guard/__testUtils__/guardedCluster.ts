import {
  buildGuardManifests,
  GuardManifest,
} from '@netseal/backstage-plugin-netseal-common';
import { startKubeApiTestServer } from '@netseal/kube-api-test-server';
import {
  fetchWithCa,
  TestCluster,
} from '../../clusters/__testUtils__/testClusters';

/** The identities of the guard's tests, each a bearer token of the test server. */
export const guardTokens = {
  admin: {
    token: 't-admin',
    username: 'kube-admin',
    groups: ['system:masters'],
    access: 'write' as const,
  },
  reader: {
    token: 't-reader',
    username: 'netseal-reader',
    access: 'read' as const,
  },
  rollout: {
    token: 't-rollout',
    username: 'netseal-rollout',
    access: 'write' as const,
  },
  namespaceController: {
    token: 't-ns-controller',
    username: 'system:serviceaccount:kube-system:namespace-controller',
    access: 'write' as const,
  },
  cleanupBot: {
    token: 't-cleanup',
    username: 'cleanup-bot',
    access: 'write' as const,
  },
  jane: { token: 't-jane', username: 'jane', access: 'write' as const },
};

/** Where each kind of guard object is created. */
export function collectionPathOf(manifest: GuardManifest): string {
  switch (manifest.kind) {
    case 'Namespace':
      return '/api/v1/namespaces';
    case 'ConfigMap':
      return `/api/v1/namespaces/${manifest.metadata.namespace}/configmaps`;
    case 'ValidatingAdmissionPolicy':
      return '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies';
    default:
      return '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings';
  }
}

/** Creates the generated guard objects as the cluster admin would apply them. */
export async function applyGuardAsAdmin(
  cluster: TestCluster,
  manifests: GuardManifest[],
): Promise<void> {
  for (const manifest of manifests) {
    const response = await fetchWithCa(
      cluster,
      'POST',
      collectionPathOf(manifest),
      manifest,
      guardTokens.admin.token,
    );
    if (!response.ok) {
      throw new Error(
        `creating ${manifest.kind} ${manifest.metadata.name}: ${response.status} ${response.text}`,
      );
    }
  }
}

/** A test cluster with namespace shop, knowing {@link guardTokens}; the guard is not installed. */
export async function startGuardCluster(): Promise<TestCluster> {
  const requests: string[] = [];
  const server = await startKubeApiTestServer({
    port: 0,
    clusterName: 'guarded',
    tokens: guardTokens,
    log: line => requests.push(line),
    seed: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
  });
  return {
    name: 'guarded',
    server,
    requests,
    details: (token = guardTokens.reader.token) => ({
      name: 'guarded',
      url: server.url,
      auth: { kind: 'token', token },
      caData: server.caData,
      rolloutAuth: { kind: 'token', token: guardTokens.rollout.token },
    }),
  };
}

/** The guard as generated for this cluster: rollout user netseal-rollout, cleanup-bot may delete. */
export function testGuardManifests(): GuardManifest[] {
  return buildGuardManifests({
    rolloutUser: guardTokens.rollout.username,
    deleteExceptions: [guardTokens.cleanupBot.username],
  });
}
