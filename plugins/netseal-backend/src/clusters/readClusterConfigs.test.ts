import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readClusterConfigs } from './readClusterConfigs';

const fixtures = join(__dirname, '__fixtures__');
const kubeconfigPath = join(fixtures, 'kubeconfig.yaml');
const caFile = join(fixtures, 'ca.pem');
const caData = readFileSync(caFile).toString('base64');
const inPod = {
  KUBERNETES_SERVICE_HOST: '10.96.0.1',
  KUBERNETES_SERVICE_PORT: '443',
};

function read(clusters: JsonObject[], env: Record<string, string> = {}) {
  return readClusterConfigs(new ConfigReader({ netseal: { clusters } }), {
    env,
  });
}

describe('readClusterConfigs from netseal.clusters', () => {
  it.each<[string, JsonObject, Record<string, string>, object]>([
    [
      'a service-account token, the default auth provider',
      { name: 'prod', url: 'https://10.0.0.1:6443', serviceAccountToken: 't' },
      {},
      {
        name: 'prod',
        url: 'https://10.0.0.1:6443',
        auth: { kind: 'token', token: 't' },
      },
    ],
    [
      'a CA file, read into caData, and a rollout token',
      {
        name: 'prod',
        url: 'https://10.0.0.1:6443',
        authProvider: 'serviceAccount',
        serviceAccountToken: 't',
        caFile,
        rollout: { serviceAccountToken: 'r' },
      },
      {},
      {
        caData,
        auth: { kind: 'token', token: 't' },
        rolloutAuth: { kind: 'token', token: 'r' },
      },
    ],
    [
      'caData and skipTLSVerify as given',
      {
        name: 'kind',
        url: 'https://127.0.0.1:6443',
        serviceAccountToken: 't',
        caData,
        skipTLSVerify: true,
      },
      {},
      { caData, skipTLSVerify: true },
    ],
    [
      'plain HTTP on a loopback address (kubectl proxy)',
      {
        name: 'local',
        url: 'http://localhost:8001',
        serviceAccountToken: 't',
        skipTLSVerify: true,
      },
      {},
      { url: 'http://localhost:8001', skipTLSVerify: true },
    ],
    [
      'the pod’s ServiceAccount, its URL from the environment',
      { name: 'home', authProvider: 'inCluster' },
      inPod,
      {
        name: 'home',
        url: 'https://10.96.0.1:443',
        auth: { kind: 'inCluster' },
      },
    ],
    [
      'an IPv6 service address in brackets',
      { name: 'home', authProvider: 'inCluster' },
      { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      { url: 'https://[fd00::1]:443' },
    ],
  ])('reads %s', (_, cluster, env, expected) => {
    expect(read([cluster], env)).toEqual([expect.objectContaining(expected)]);
  });

  it('reads a kubeconfig context, its server and a rollout context', () => {
    const [cluster] = read([
      {
        name: 'prod-eu',
        authProvider: 'kubeconfig',
        kubeconfigPath,
        kubeconfigContext: 'prod-eu-reader',
        rollout: { kubeconfigContext: 'prod-eu-rollout' },
      },
    ]);

    expect(cluster).toMatchObject({
      name: 'prod-eu',
      url: 'https://10.0.0.1:6443',
      auth: { kind: 'kubeconfig', context: 'prod-eu-reader' },
      rolloutAuth: { kind: 'kubeconfig', context: 'prod-eu-rollout' },
    });
    // Relative certificate paths no longer depend on the backend's working directory.
    expect(
      cluster.auth.kind === 'kubeconfig' && cluster.auth.kubeconfig,
    ).toContain(caFile);
  });

  it('uses the kubeconfig’s current context when none is named', () => {
    const [cluster] = read([
      { name: 'prod-eu', authProvider: 'kubeconfig', kubeconfigPath },
    ]);
    expect(cluster.auth).toMatchObject({ context: 'prod-eu-reader' });
  });

  it('lets a configured url override the kubeconfig’s server', () => {
    const [cluster] = read([
      {
        name: 'prod-eu',
        authProvider: 'kubeconfig',
        kubeconfigPath,
        url: 'https://prod-eu.example.com',
      },
    ]);
    expect(cluster.url).toBe('https://prod-eu.example.com');
  });

  it.each<[string, JsonObject[], Record<string, string>, string]>([
    [
      'a missing url',
      [
        { name: 'a' },
        { name: 'b' },
        { name: 'prod', serviceAccountToken: 't' },
      ],
      {},
      "netseal.clusters[2].url is missing; give the API server's base URL, e.g. https://10.0.0.1:6443",
    ],
    [
      'a missing token',
      [{ name: 'prod', url: 'https://10.0.0.1' }],
      {},
      'netseal.clusters[0].serviceAccountToken is missing; give the token of a read-only ServiceAccount, or choose another authProvider (kubeconfig, inCluster)',
    ],
    [
      'a missing name',
      [{ url: 'https://10.0.0.1', serviceAccountToken: 't' }],
      {},
      'netseal.clusters[0].name is missing; give every cluster a unique name, e.g. prod-eu',
    ],
    [
      'a duplicate name',
      [
        { name: 'prod', url: 'https://10.0.0.1', serviceAccountToken: 't' },
        { name: 'prod', url: 'https://10.0.0.2', serviceAccountToken: 't' },
      ],
      {},
      "netseal.clusters[1].name 'prod' repeats the name of netseal.clusters[0]; cluster names must be unique",
    ],
    [
      'an unknown auth provider',
      [{ name: 'prod', url: 'https://10.0.0.1', authProvider: 'oidc' }],
      {},
      "netseal.clusters[0].authProvider 'oidc' is not supported; use one of: serviceAccount, kubeconfig, inCluster",
    ],
    [
      'a kubeconfig context that does not exist',
      [
        {
          name: 'prod',
          authProvider: 'kubeconfig',
          kubeconfigPath,
          kubeconfigContext: 'staging',
        },
      ],
      {},
      `netseal.clusters[0].kubeconfigContext 'staging' is not a context of '${kubeconfigPath}'; use one of: prod-eu-reader, prod-eu-rollout`,
    ],
    [
      'a rollout context that does not exist',
      [
        {
          name: 'prod',
          authProvider: 'kubeconfig',
          kubeconfigPath,
          rollout: { kubeconfigContext: 'admin' },
        },
      ],
      {},
      `netseal.clusters[0].rollout.kubeconfigContext 'admin' is not a context of '${kubeconfigPath}'`,
    ],
    [
      'an unreadable kubeconfig file',
      [
        {
          name: 'prod',
          authProvider: 'kubeconfig',
          kubeconfigPath: '/nowhere/kubeconfig',
        },
      ],
      {},
      "netseal.clusters[0].kubeconfigPath '/nowhere/kubeconfig' cannot be read (ENOENT); give the path of a kubeconfig file the backend can read",
    ],
    [
      'a kubeconfig auth provider without a file',
      [{ name: 'prod', authProvider: 'kubeconfig' }],
      {},
      'netseal.clusters[0].kubeconfigPath is missing; authProvider kubeconfig needs the path of a kubeconfig file',
    ],
    [
      'a kubeconfig file that is not a kubeconfig',
      [{ name: 'prod', authProvider: 'kubeconfig', kubeconfigPath: caFile }],
      {},
      `netseal.clusters[0].kubeconfigPath '${caFile}' is not a valid kubeconfig`,
    ],
    [
      'an unreadable CA file',
      [
        {
          name: 'prod',
          url: 'https://10.0.0.1',
          serviceAccountToken: 't',
          caFile: '/nowhere/ca.pem',
        },
      ],
      {},
      "netseal.clusters[0].caFile '/nowhere/ca.pem' cannot be read (ENOENT); give the path of a PEM file the backend can read, or set caData instead",
    ],
    [
      'a CA file without a certificate',
      [
        {
          name: 'prod',
          url: 'https://10.0.0.1',
          serviceAccountToken: 't',
          caFile: kubeconfigPath,
        },
      ],
      {},
      `netseal.clusters[0].caFile '${kubeconfigPath}' holds no PEM certificate`,
    ],
    [
      'caData that is not a base64 PEM',
      [
        {
          name: 'prod',
          url: 'https://10.0.0.1',
          serviceAccountToken: 't',
          caData: 'not-a-cert',
        },
      ],
      {},
      "netseal.clusters[0].caData is not base64 of a PEM certificate; copy the cluster's certificate-authority-data from its kubeconfig",
    ],
    [
      'both caData and caFile',
      [
        {
          name: 'prod',
          url: 'https://10.0.0.1',
          serviceAccountToken: 't',
          caData,
          caFile,
        },
      ],
      {},
      'netseal.clusters[0] sets both caData and caFile; keep one of them',
    ],
    [
      'plain HTTP to a remote API server',
      [{ name: 'prod', url: 'http://10.0.0.1:8080', serviceAccountToken: 't' }],
      {},
      "netseal.clusters[0].url 'http://10.0.0.1:8080' uses plain HTTP, which would send the cluster's token unencrypted; use https",
    ],
    [
      'plain HTTP on loopback without skipTLSVerify',
      [
        {
          name: 'local',
          url: 'http://127.0.0.1:8001',
          serviceAccountToken: 't',
        },
      ],
      {},
      "netseal.clusters[0].url 'http://127.0.0.1:8001' uses plain HTTP, which needs skipTLSVerify: true beside it (there is no certificate to verify)",
    ],
    [
      'a url that is not a URL',
      [{ name: 'prod', url: '10.0.0.1:6443', serviceAccountToken: 't' }],
      {},
      "netseal.clusters[0].url '10.0.0.1:6443' is not a URL",
    ],
    [
      'a field of another auth provider',
      [
        {
          name: 'prod',
          url: 'https://10.0.0.1',
          serviceAccountToken: 't',
          kubeconfigPath,
        },
      ],
      {},
      'netseal.clusters[0].kubeconfigPath applies only to authProvider: kubeconfig, but the cluster uses serviceAccount; set authProvider: kubeconfig or remove kubeconfigPath',
    ],
    [
      'a rollout identity given twice',
      [
        {
          name: 'prod',
          url: 'https://10.0.0.1',
          serviceAccountToken: 't',
          rollout: { serviceAccountToken: 'r', kubeconfigContext: 'x' },
        },
      ],
      {},
      'netseal.clusters[0].rollout sets both serviceAccountToken and kubeconfigContext',
    ],
    [
      'a rollout context without a kubeconfig',
      [
        {
          name: 'prod',
          url: 'https://10.0.0.1',
          serviceAccountToken: 't',
          rollout: { kubeconfigContext: 'x' },
        },
      ],
      {},
      'netseal.clusters[0].rollout.kubeconfigContext applies only to authProvider: kubeconfig; give the rollout identity as netseal.clusters[0].rollout.serviceAccountToken',
    ],
    [
      'a rollout token beside a kubeconfig',
      [
        {
          name: 'prod',
          authProvider: 'kubeconfig',
          kubeconfigPath,
          rollout: { serviceAccountToken: 'r' },
        },
      ],
      {},
      "netseal.clusters[0].rollout.serviceAccountToken does not apply to authProvider: kubeconfig; name the rollout identity's context in netseal.clusters[0].rollout.kubeconfigContext",
    ],
    [
      'the in-cluster auth provider outside a pod',
      [{ name: 'home', authProvider: 'inCluster' }],
      {},
      'netseal.clusters[0].authProvider is inCluster, but KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set, so the backend is not running in a pod; use authProvider serviceAccount or kubeconfig, or set netseal.clusters[0].url',
    ],
  ])(
    'rejects %s, naming the field and the fix',
    (_, clusters, env, message) => {
      expect(() => read(clusters, env)).toThrow(message);
    },
  );

  it('reports every problem at once, as an InputError', () => {
    let thrown: unknown;
    try {
      read([{ name: 'a' }, { name: 'b', url: 'https://b', authProvider: 'x' }]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'InputError' });
    expect((thrown as Error).message.split('\n')).toEqual([
      'Invalid netseal.clusters configuration:',
      "- netseal.clusters[0].url is missing; give the API server's base URL, e.g. https://10.0.0.1:6443",
      '- netseal.clusters[0].serviceAccountToken is missing; give the token of a read-only ServiceAccount, or choose another authProvider (kubeconfig, inCluster)',
      "- netseal.clusters[1].authProvider 'x' is not supported; use one of: serviceAccount, kubeconfig, inCluster",
    ]);
  });

  it('reads no clusters from an empty list, even when the Kubernetes plugin has some', () => {
    const config = new ConfigReader({
      netseal: { clusters: [] },
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'k',
                url: 'https://k',
                authProvider: 'serviceAccount',
                serviceAccountToken: 't',
              },
            ],
          },
        ],
      },
    });
    expect(readClusterConfigs(config)).toEqual([]);
  });
});
