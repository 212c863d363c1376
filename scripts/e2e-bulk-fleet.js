#!/usr/bin/env node
// Writes the end-to-end tests' bulk fleet: the service `bulk` with 60 sealed policies in
// each of 5 clusters (300 in all), for the portal's performance figure. All five clusters
// are served by one Kubernetes API test server, seeded with the same 60 policies, so the
// service is in sync everywhere. Output, under the directory given as the argument:
//   bulk-source/          a Git repository: <cluster>/<policy>.yaml, sealed, committed
//   bulk-seed.yaml        the test server's seed (namespace, pod, policies)
//   bulk-entities.yaml    the catalog entity, whose policy source is bulk-source
// Run by scripts/e2e-backend.sh; idempotent (the output is rewritten).
require('@backstage/cli/config/nodeTransform.cjs');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const {
  computeSeal,
  SEAL_ANNOTATION,
  SEALED_LABEL,
} = require('@netseal/backstage-plugin-netseal-common');

const CLUSTERS = ['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4', 'bulk-5'];
const POLICIES_PER_CLUSTER = 60;
const PEERS = ['gateway', 'checkout', 'orders', 'search', 'reports', 'batch'];

function bulkPolicy(index) {
  const peer = PEERS[index % PEERS.length];
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `bulk-allow-${String(index).padStart(3, '0')}`,
      namespace: 'bulk',
      labels: { [SEALED_LABEL]: 'true' },
    },
    spec: {
      podSelector: { matchLabels: { app: 'bulk' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              podSelector: { matchLabels: { app: peer } },
              namespaceSelector: { matchLabels: { team: `team-${index % 7}` } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8000 + index }],
        },
      ],
    },
  };
  policy.metadata.annotations = { [SEAL_ANNOTATION]: computeSeal(policy) };
  return policy;
}

function main() {
  const out = path.resolve(process.argv[2] ?? '.tools/e2e');
  const source = path.join(out, 'bulk-source');
  fs.rmSync(source, { recursive: true, force: true });
  const policies = Array.from({ length: POLICIES_PER_CLUSTER }, (_, i) =>
    bulkPolicy(i),
  );
  for (const cluster of CLUSTERS) {
    fs.mkdirSync(path.join(source, cluster), { recursive: true });
    for (const policy of policies) {
      fs.writeFileSync(
        path.join(source, cluster, `${policy.metadata.name}.yaml`),
        YAML.stringify(policy),
      );
    }
  }
  const git = args =>
    execFileSync('git', args, { cwd: source, stdio: 'ignore' });
  git(['init', '-q', '-b', 'main']);
  git(['add', '.']);
  git([
    '-c',
    'user.name=netseal-e2e',
    '-c',
    'user.email=netseal-e2e@localhost',
    'commit',
    '-q',
    '-m',
    'bulk policies',
  ]);

  const seed = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'bulk',
          labels: { 'kubernetes.io/metadata.name': 'bulk' },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'bulk-0',
          namespace: 'bulk',
          labels: { app: 'bulk', 'backstage.io/kubernetes-id': 'bulk' },
        },
        spec: { containers: [{ name: 'bulk', image: 'bulk:1' }] },
        status: { phase: 'Running', podIP: '10.30.0.5' },
      },
      ...policies,
    ],
  };
  fs.writeFileSync(path.join(out, 'bulk-seed.yaml'), YAML.stringify(seed));

  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'bulk',
      description: `End-to-end tests only: ${
        CLUSTERS.length * POLICIES_PER_CLUSTER
      } sealed policies across ${CLUSTERS.length} clusters.`,
      annotations: {
        'backstage.io/kubernetes-id': 'bulk',
        'netseal.io/policy-source': 'dir:./bulk-source',
      },
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'guests' },
  };
  fs.writeFileSync(
    path.join(out, 'bulk-entities.yaml'),
    YAML.stringify(entity),
  );
}

main();
