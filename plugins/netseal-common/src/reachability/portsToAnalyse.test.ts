import type { NetworkPolicy, NetworkPolicyPort } from '../types';
import type { ClusterPod } from './types';
import { portsToAnalyse } from './portsToAnalyse';

function policy(ingressPorts: NetworkPolicyPort[]): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'shop' },
    spec: { podSelector: {}, ingress: [{ ports: ingressPorts }] },
  };
}

function pod(containerPorts: ClusterPod['containerPorts']): ClusterPod {
  return { namespace: 'shop', name: 'web-0', containerPorts };
}

const written = (ports: ReturnType<typeof portsToAnalyse>) =>
  ports.map(
    ({ protocol, port, otherPorts }) =>
      `${protocol} ${otherPorts ? `other (${port})` : port}`,
  );

describe('portsToAnalyse', () => {
  it('takes every port number a rule names, with its protocol, and one other port per protocol', () => {
    expect(
      written(
        portsToAnalyse(
          [
            policy([{ port: 443 }, { port: 53, protocol: 'UDP' }]),
            policy([{ port: 80, protocol: 'TCP' }, { port: 443 }]),
          ],
          [],
        ),
      ),
    ).toEqual([
      'TCP 80',
      'TCP 443',
      'TCP other (1)',
      'UDP 53',
      'UDP other (1)',
      'SCTP other (1)',
    ]);
  });

  it('takes the ports pods declare by name, which is what a rule naming a port means', () => {
    expect(
      written(
        portsToAnalyse(
          [policy([{ port: 'http' }])],
          [
            pod([
              { name: 'http', containerPort: 8080 },
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
            ]),
          ],
        ),
      ),
    ).toEqual([
      'TCP 8080',
      'TCP other (1)',
      'UDP 53',
      'UDP other (1)',
      'SCTP other (1)',
    ]);
  });

  it('picks as the other port one that no rule, range or declared port covers', () => {
    const ports = portsToAnalyse(
      [policy([{ port: 1, endPort: 1000 }, { port: 1001 }])],
      [pod([{ containerPort: 1002 }])],
    );

    expect(written(ports).slice(0, 3)).toEqual([
      'TCP 1',
      'TCP 1001',
      'TCP other (1003)',
    ]);
  });

  it('leaves out the other port of a protocol whose every port is named', () => {
    const ports = portsToAnalyse(
      [policy([{ port: 1, endPort: 65535, protocol: 'SCTP' }])],
      [],
    );

    expect(written(ports)).toEqual([
      'TCP other (1)',
      'UDP other (1)',
      'SCTP 1',
    ]);
  });
});
