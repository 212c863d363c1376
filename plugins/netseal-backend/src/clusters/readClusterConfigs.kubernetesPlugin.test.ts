import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readClusterConfigs } from './readClusterConfigs';

const caFile = join(__dirname, '__fixtures__', 'ca.pem');
const caData = readFileSync(caFile).toString('base64');

function readKubernetesPlugin(clusterLocatorMethods: JsonObject[]) {
  return readClusterConfigs(
    new ConfigReader({ kubernetes: { clusterLocatorMethods } }),
  );
}

const serviceAccountCluster = {
  name: 'gke-prod',
  url: 'https://34.1.2.3',
  authProvider: 'serviceAccount',
  serviceAccountToken: 't',
};

describe('readClusterConfigs when netseal.clusters is not set', () => {
  it('reads no clusters when neither Netseal nor the Kubernetes plugin has any', () => {
    expect(readClusterConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('reads the Kubernetes plugin’s config-located service-account clusters', () => {
    expect(
      readKubernetesPlugin([
        { type: 'catalog' },
        {
          type: 'config',
          clusters: [
            { ...serviceAccountCluster, caData, skipTLSVerify: false },
            {
              name: 'aks-prod',
              url: 'https://aks.example.com',
              caFile,
              authMetadata: {
                'kubernetes.io/auth-provider': 'serviceAccount',
                serviceAccountToken: 'u',
              },
            },
          ],
        },
      ]),
    ).toEqual([
      {
        name: 'gke-prod',
        url: 'https://34.1.2.3',
        auth: { kind: 'token', token: 't' },
        caData,
        skipTLSVerify: false,
      },
      {
        name: 'aks-prod',
        url: 'https://aks.example.com',
        auth: { kind: 'token', token: 'u' },
        caData,
      },
    ]);
  });

  it.each<[string, JsonObject[], string]>([
    [
      'another auth provider, naming the cluster',
      [
        {
          type: 'config',
          clusters: [
            serviceAccountCluster,
            { name: 'gke-eu', url: 'https://34.1.2.4', authProvider: 'google' },
          ],
        },
      ],
      "kubernetes.clusterLocatorMethods[0].clusters[1].authProvider (cluster 'gke-eu') is 'google'; Netseal reads clusters from the Kubernetes plugin's config only with authProvider serviceAccount and a serviceAccountToken. Configure the cluster under netseal.clusters instead (authProvider serviceAccount, kubeconfig or inCluster)",
    ],
    [
      'a service account without a token',
      [
        {
          type: 'config',
          clusters: [
            { ...serviceAccountCluster, serviceAccountToken: undefined },
          ],
        },
      ],
      "kubernetes.clusterLocatorMethods[0].clusters[0].serviceAccountToken (cluster 'gke-prod') is missing; the Kubernetes plugin then uses the backend pod's own ServiceAccount, which Netseal does not assume. Set serviceAccountToken, or configure the cluster under netseal.clusters with authProvider inCluster",
    ],
    [
      'the same name in two locators',
      [
        { type: 'config', clusters: [serviceAccountCluster] },
        { type: 'config', clusters: [serviceAccountCluster] },
      ],
      "kubernetes.clusterLocatorMethods[1].clusters[0].name 'gke-prod' repeats the name of kubernetes.clusterLocatorMethods[0].clusters[0]; cluster names must be unique",
    ],
    [
      'an unreadable CA file',
      [
        {
          type: 'config',
          clusters: [{ ...serviceAccountCluster, caFile: '/nowhere/ca.pem' }],
        },
      ],
      "kubernetes.clusterLocatorMethods[0].clusters[0].caFile '/nowhere/ca.pem' cannot be read (ENOENT)",
    ],
  ])('rejects %s', (_, methods, message) => {
    expect(() => readKubernetesPlugin(methods)).toThrow(message);
  });

  it('says where the clusters were read from', () => {
    expect(() =>
      readKubernetesPlugin([
        { type: 'config', clusters: [{ name: 'x', url: 'https://x' }] },
      ]),
    ).toThrow(
      "Invalid cluster configuration (read from the Kubernetes plugin's kubernetes.clusterLocatorMethods because netseal.clusters is not set):",
    );
  });
});
