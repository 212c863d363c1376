import * as k8s from '@kubernetes/client-node';
import { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import { createKubeConfig } from './createKubeConfig';
import { startTestCluster, TestCluster } from './__testUtils__/testClusters';

jest.setTimeout(30_000);

/** Who the API server says the configuration's user is (`kubectl auth whoami`). */
async function whoAmI(kubeConfig: k8s.KubeConfig): Promise<string | undefined> {
  const review = await kubeConfig
    .makeApiClient(k8s.AuthenticationV1Api)
    .createSelfSubjectReview({
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'SelfSubjectReview',
      },
    });
  return review.status?.userInfo?.username;
}

describe('createKubeConfig', () => {
  let shop: TestCluster;

  beforeAll(async () => {
    shop = await startTestCluster('shop-eu', 'shopCluster.yaml');
  });

  afterAll(async () => {
    await shop.server.stop();
  });

  it('reaches the cluster with a token, verifying its certificate against caData', async () => {
    const kubeConfig = createKubeConfig(shop.details());

    expect(await whoAmI(kubeConfig)).toBe('netseal-reader');
    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      server: shop.server.url,
      caData: shop.server.caData,
      skipTLSVerify: false,
    });
  });

  it('uses a kubeconfig context, and another context for the rollout identity', async () => {
    const details: ClusterDetails = {
      name: 'shop-eu',
      url: shop.server.url,
      auth: {
        kind: 'kubeconfig',
        kubeconfig: shop.server.kubeconfig(),
        context: 'shop-eu-reader',
      },
      rolloutAuth: {
        kind: 'kubeconfig',
        kubeconfig: shop.server.kubeconfig(),
        context: 'shop-eu-admin',
      },
    };

    expect(await whoAmI(createKubeConfig(details))).toBe('netseal-reader');
    expect(await whoAmI(createKubeConfig(details, details.rolloutAuth))).toBe(
      'kube-admin',
    );
  });

  it('gives a rollout token the cluster’s server and CA', async () => {
    const details: ClusterDetails = {
      ...shop.details(),
      rolloutAuth: { kind: 'token', token: 't-admin' },
    };

    expect(await whoAmI(createKubeConfig(details, details.rolloutAuth))).toBe(
      'kube-admin',
    );
  });

  it('lets the details override a kubeconfig’s server and CA', () => {
    const kubeConfig = createKubeConfig({
      name: 'shop-eu',
      url: 'https://shop.example.com:6443',
      auth: { kind: 'kubeconfig', kubeconfig: shop.server.kubeconfig() },
      caData: 'Y2E=',
      skipTLSVerify: true,
    });

    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://shop.example.com:6443',
      caData: 'Y2E=',
      skipTLSVerify: true,
    });
  });

  it('uses the pod’s ServiceAccount token file and CA in cluster', () => {
    const saved = { ...process.env };
    process.env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    try {
      const kubeConfig = createKubeConfig({
        name: 'home',
        url: 'https://10.96.0.1:443',
        auth: { kind: 'inCluster' },
      });

      expect(kubeConfig.getCurrentCluster()).toMatchObject({
        server: 'https://10.96.0.1:443',
        caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
      });
      expect(kubeConfig.getCurrentUser()?.authProvider).toEqual({
        name: 'tokenFile',
        config: {
          tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        },
      });
    } finally {
      process.env = saved;
    }
  });

  it('names the cluster when a kubeconfig lacks the context', () => {
    expect(() =>
      createKubeConfig({
        name: 'shop-eu',
        url: shop.server.url,
        auth: {
          kind: 'kubeconfig',
          kubeconfig: shop.server.kubeconfig(),
          context: 'staging',
        },
      }),
    ).toThrow("cluster shop-eu: kubeconfig has no context 'staging'");
  });
});
