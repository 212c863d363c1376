/*
 * A generated fleet for the benches: services that each hold policies and pods in every
 * cluster, sealed in a policy source of their own in one Git repository.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  computeSeal,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { stringify } from 'yaml';
import type { TrackedEntity } from '../../src/engine/TrackedEntity';

export const NAMESPACES = 20;
export const POLICIES_PER_SERVICE = 10;
const ID = 'backstage.io/kubernetes-id';

/** Bearer tokens of every bench cluster. */
export const benchTokens = {
  admin: {
    token: 't-admin',
    username: 'admin',
    groups: ['system:masters'],
    access: 'write' as const,
  },
  reader: { token: 't-reader', username: 'netseal', access: 'read' as const },
};

export const serviceName = (service: number) => `svc-${service}`;
export const namespaceOf = (service: number) => `team-${service % NAMESPACES}`;

/** Policy `index` of a service, sealed as `netseal seal` writes it. */
export function sealedPolicy(service: number, index: number): NetworkPolicy {
  const app = serviceName(service);
  const underSeal: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `${app}-allow-${index}`,
      namespace: namespaceOf(service),
      labels: { 'netseal.io/sealed': 'true', app },
    },
    spec: {
      podSelector: { matchLabels: { app } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            {
              podSelector: {
                matchLabels: { app: serviceName((service + 1) % 100) },
              },
            },
            {
              namespaceSelector: { matchLabels: { tier: 'edge' } },
              podSelector: { matchLabels: { role: 'gateway' } },
            },
          ],
          ports: [{ port: 8000 + index }, { port: 'metrics' }],
        },
        {
          from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
        },
      ],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { name: 'kube-system' } } }],
          ports: [{ port: 53, protocol: 'UDP' }],
        },
      ],
    },
  };
  const sealed = structuredClone(underSeal);
  sealed.metadata.annotations = { 'netseal.io/seal': computeSeal(underSeal) };
  return sealed;
}

/** A pod of a service, as a Deployment's ReplicaSet makes them. */
export function servicePod(
  service: number,
  replica: number,
  podsPerService: number,
) {
  const app = serviceName(service);
  const serial = service * podsPerService + replica;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-7d4b9c-${replica}`,
      namespace: namespaceOf(service),
      labels: { app, [ID]: app, 'pod-template-hash': '7d4b9c' },
    },
    spec: {
      nodeName: `node-${serial % 50}`,
      containers: [
        {
          name: 'app',
          image: `registry.example.com/${app}:1.4.2`,
          ports: [
            { name: 'http', containerPort: 8080 },
            { name: 'metrics', containerPort: 9090 },
          ],
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: `10.${2 + (serial >> 16)}.${(serial >> 8) & 255}.${serial & 255}`,
    },
  };
}

/** The objects every cluster of the fleet starts with, as a JSON `kind: List`. */
export function seedText(services: number, podsPerService: number): string {
  const items: object[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    items.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `team-${n}`, labels: { name: `team-${n}` } },
    });
  }
  for (let service = 0; service < services; service++) {
    for (let replica = 0; replica < podsPerService; replica++) {
      items.push(servicePod(service, replica, podsPerService));
    }
    for (let index = 0; index < POLICIES_PER_SERVICE; index++) {
      items.push(sealedPolicy(service, index));
    }
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

/**
 * One policy source per service under `root`, a folder per cluster with one file of
 * the service's policies, committed to a Git repository at `root`.
 */
export function writePolicySources(
  root: string,
  services: number,
  clusters: readonly string[],
): void {
  for (let service = 0; service < services; service++) {
    const text = Array.from({ length: POLICIES_PER_SERVICE }, (_, index) =>
      stringify(sealedPolicy(service, index)),
    ).join('---\n');
    for (const cluster of clusters) {
      const dir = path.join(root, serviceName(service), cluster);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'policies.yaml'), text);
    }
  }
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=b', '-c', 'user.email=b@b', ...args],
      {
        cwd: root,
      },
    );
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'bench policies');
}

/** The catalog's view of the services: their policy sources and pods. */
export function trackedEntities(
  root: string,
  services: number,
): TrackedEntity[] {
  return Array.from({ length: services }, (_, service) => ({
    entityRef: `component:default/${serviceName(service)}`,
    policySourceUrl: pathToFileURL(
      path.join(root, serviceName(service)),
    ).toString(),
    servicePods: {
      selector: { matchLabels: { [ID]: serviceName(service) } },
    },
  }));
}
