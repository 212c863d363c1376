import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  RealKubernetesContext,
  startRealKubernetes,
} from './startRealKubernetes';

jest.setTimeout(120_000);

const pinnedRelease = readFileSync(
  resolve(__dirname, '../go/go.mod'),
  'utf8',
).match(/k8s\.io\/kubernetes (v[\d.]+)/)![1];

async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('gave up after 60 s');
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('a real control plane from scripts/real-kubernetes.sh', () => {
  let real: RealKubernetes;
  let namespace: string;

  beforeAll(async () => {
    real = await startRealKubernetes();
    namespace = await real.createNamespace('helper');
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterAll(async () => {
    if (namespace) await real?.deleteNamespace(namespace);
    await real?.stop();
  });

  const can = async (
    context: RealKubernetesContext,
    verb: string,
    resource: string,
    group = '',
    inNamespace: string | undefined = namespace,
  ) => {
    const review = await real
      .kubeConfig(context)
      .makeApiClient(k8s.AuthorizationV1Api)
      .createSelfSubjectAccessReview({
        body: {
          spec: {
            resourceAttributes: {
              verb,
              resource,
              group,
              namespace: inNamespace,
            },
          },
        },
      });
    return review.status?.allowed ?? false;
  };

  it('answers /version with the release pinned in go/go.mod', async () => {
    const version = await real
      .kubeConfig('reader')
      .makeApiClient(k8s.VersionApi)
      .getCode();
    expect(version.gitVersion).toBe(pinnedRelease);
    expect(real.version).toBe(pinnedRelease);
  });

  it('writes a kubeconfig whose contexts are the admin (current), the rollout identity and the reader', async () => {
    const config = new k8s.KubeConfig();
    config.loadFromFile(real.kubeconfigPath);
    expect(config.getCurrentContext()).toBe('admin');
    const whoami = async (context: RealKubernetesContext) => {
      const review = await real
        .kubeConfig(context)
        .makeApiClient(k8s.AuthenticationV1Api)
        .createSelfSubjectReview({ body: {} });
      return review.status?.userInfo;
    };
    expect(await whoami('admin')).toMatchObject({
      username: 'netseal-admin',
      groups: expect.arrayContaining(['system:masters']),
    });
    expect(await whoami('rollout')).toMatchObject({
      username: 'netseal-rollout',
      groups: ['system:authenticated'],
    });
    expect(await whoami('reader')).toMatchObject({
      username: 'netseal-reader',
      groups: ['system:authenticated'],
    });
  });

  it('lets the rollout identity manage NetworkPolicies everywhere and nothing else', async () => {
    for (const verb of ['create', 'update', 'patch', 'delete', 'list']) {
      expect(
        await can('rollout', verb, 'networkpolicies', 'networking.k8s.io'),
      ).toBe(true);
    }
    expect(
      await can(
        'rollout',
        'delete',
        'networkpolicies',
        'networking.k8s.io',
        'kube-system',
      ),
    ).toBe(true);
    expect(await can('rollout', 'list', 'pods')).toBe(false);
    expect(await can('rollout', 'create', 'configmaps')).toBe(false);
    expect(
      await can(
        'rollout',
        'create',
        'validatingadmissionpolicies',
        'admissionregistration.k8s.io',
        undefined,
      ),
    ).toBe(false);
  });

  it('lets the reader read what Netseal reads, and write nothing', async () => {
    expect(
      await can('reader', 'watch', 'networkpolicies', 'networking.k8s.io'),
    ).toBe(true);
    expect(await can('reader', 'list', 'pods')).toBe(true);
    expect(await can('reader', 'list', 'namespaces', '', undefined)).toBe(true);
    for (const resource of [
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
    ]) {
      expect(
        await can(
          'reader',
          'list',
          resource,
          'admissionregistration.k8s.io',
          undefined,
        ),
      ).toBe(true);
    }
    expect(await can('reader', 'get', 'configmaps', '', 'netseal-system')).toBe(
      true,
    );
    expect(await can('reader', 'get', 'configmaps')).toBe(false);
    expect(
      await can('reader', 'delete', 'networkpolicies', 'networking.k8s.io'),
    ).toBe(false);
  });

  it('gives each test a namespace where pods can be created at once', async () => {
    const pod = await real
      .kubeConfig()
      .makeApiClient(k8s.CoreV1Api)
      .createNamespacedPod({
        namespace,
        body: {
          metadata: { name: 'web-0', labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      });
    expect(pod.spec?.serviceAccountName).toBe('default');
  });

  it('deletes a namespace with its content through the namespace controller', async () => {
    const doomed = await real.createNamespace('doomed');
    await real
      .kubeConfig('rollout')
      .makeApiClient(k8s.NetworkingV1Api)
      .createNamespacedNetworkPolicy({
        namespace: doomed,
        body: { metadata: { name: 'deny-all' }, spec: { podSelector: {} } },
      });
    await real.deleteNamespace(doomed);
    const left = await real
      .kubeConfig('reader')
      .makeApiClient(k8s.NetworkingV1Api)
      .listNamespacedNetworkPolicy({ namespace: doomed });
    expect(left.items).toEqual([]);
  });

  it('runs the garbage collector: a dependent goes with its owner', async () => {
    const core = real.kubeConfig().makeApiClient(k8s.CoreV1Api);
    const owner = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'owner' } },
    });
    await core.createNamespacedConfigMap({
      namespace,
      body: {
        metadata: {
          name: 'dependent',
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              name: 'owner',
              uid: owner.metadata!.uid!,
            },
          ],
        },
      },
    });
    await core.deleteNamespacedConfigMap({ namespace, name: 'owner' });
    const collected = await eventually(async () => {
      try {
        await core.readNamespacedConfigMap({ namespace, name: 'dependent' });
        return undefined;
      } catch (error) {
        return error instanceof k8s.ApiException && error.code === 404
          ? true
          : undefined;
      }
    });
    expect(collected).toBe(true);
  });

  it('type-checks a ValidatingAdmissionPolicy and reports it in its status', async () => {
    const admission = real
      .kubeConfig()
      .makeApiClient(k8s.AdmissionregistrationV1Api);
    const name = `${namespace}-type-error`;
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name },
        spec: {
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: ['networking.k8s.io'],
                apiVersions: ['v1'],
                operations: ['CREATE'],
                resources: ['networkpolicies'],
              },
            ],
          },
          validations: [{ expression: 'object.metadata.name + 1 == 2' }],
        },
      },
    });
    try {
      const warnings = await eventually(async () => {
        const policy = await admission.readValidatingAdmissionPolicy({ name });
        return policy.status?.typeChecking?.expressionWarnings;
      });
      expect(warnings).toEqual([
        expect.objectContaining({
          fieldRef: 'spec.validations[0].expression',
          warning: expect.stringContaining('found no matching overload'),
        }),
      ]);
    } finally {
      await admission.deleteValidatingAdmissionPolicy({ name });
    }
  });
});
