import fc from 'fast-check';
import {
  cluster,
  EXTERNAL_ADDRESSES,
  probe,
} from './__testUtils__/arbitraries';
import { isPodAccessAllowed } from './accessMatrixQueries';
import { computeAccessMatrix } from './computeAccessMatrix';
import { evaluateConnection } from './evaluateConnection';
import { buildReachabilityModel } from './ReachabilityModel';

describe('computeAccessMatrix, for any cluster and policies', () => {
  it('agrees with evaluating every pod pair one by one', () => {
    fc.assert(
      fc.property(cluster, probe, (snapshot, { port, protocol, ipFamily }) => {
        const model = buildReachabilityModel(snapshot);
        const matrix = computeAccessMatrix(model, { port, protocol, ipFamily });
        const withoutPort = new Set(
          matrix.podsWithoutNamedPort.map(
            pod => `${pod.namespace}/${pod.name}`,
          ),
        );
        for (const from of snapshot.pods) {
          for (const to of snapshot.pods) {
            const expected =
              typeof port === 'string' &&
              withoutPort.has(`${to.namespace}/${to.name}`)
                ? false
                : evaluateConnection(model, {
                    from: { pod: from },
                    to: { pod: to },
                    port,
                    protocol,
                    ipFamily,
                  }).allowed;
            expect(isPodAccessAllowed(matrix, from, to)).toBe(expected);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lists exactly the pods that do not declare a named port', () => {
    fc.assert(
      fc.property(cluster, probe, (snapshot, { protocol, ipFamily }) => {
        const matrix = computeAccessMatrix(snapshot, {
          port: 'http',
          protocol,
          ipFamily,
        });
        const expected = snapshot.pods
          .filter(
            pod =>
              !(pod.containerPorts ?? []).some(
                p => p.name === 'http' && (p.protocol ?? 'TCP') === protocol,
              ),
          )
          .map(pod => ({ namespace: pod.namespace, name: pod.name }));
        expect(matrix.podsWithoutNamedPort).toEqual(expected);
      }),
    );
  });

  it('agrees with evaluating connections to and from single outside addresses', () => {
    fc.assert(
      fc.property(cluster, probe, (snapshot, { port, protocol }) => {
        const model = buildReachabilityModel(snapshot);
        const externalEndpoints = EXTERNAL_ADDRESSES.map(cidr => ({
          name: cidr,
          cidr,
        }));
        const matrix = computeAccessMatrix(model, {
          port,
          protocol,
          externalEndpoints,
        });
        const classOf = new Map(
          matrix.podClasses.flatMap(podClass =>
            podClass.pods.map(pod => [
              `${pod.namespace}/${pod.name}`,
              podClass.id,
            ]),
          ),
        );
        const endpoints = externalEndpoints.length;
        const size = matrix.podClasses.length;
        snapshot.pods.forEach(pod => {
          const id = classOf.get(`${pod.namespace}/${pod.name}`) ?? -1;
          EXTERNAL_ADDRESSES.forEach((ip, e) => {
            // A port name means nothing on an outside address; otherwise evaluate the pair.
            const outgoing =
              typeof port === 'number' &&
              evaluateConnection(model, {
                from: { pod },
                to: { ip },
                port,
                protocol,
              }).allowed;
            expect(matrix.podToExternal[id * endpoints + e]).toBe(
              outgoing ? 'all' : 'none',
            );
            const declared =
              typeof port === 'number' ||
              (pod.containerPorts ?? []).some(
                p => p.name === port && (p.protocol ?? 'TCP') === protocol,
              );
            const incoming =
              declared &&
              evaluateConnection(model, {
                from: { ip },
                to: { pod },
                port,
                protocol,
              }).allowed;
            expect(matrix.externalToPod[e * size + id]).toBe(
              incoming ? 'all' : 'none',
            );
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gives pods of one class the same verdicts', () => {
    fc.assert(
      fc.property(cluster, probe, (snapshot, { port, protocol, ipFamily }) => {
        const model = buildReachabilityModel(snapshot);
        const matrix = computeAccessMatrix(model, { port, protocol, ipFamily });
        for (const podClass of matrix.podClasses) {
          const [first, ...rest] = podClass.pods;
          for (const other of rest) {
            for (const peer of snapshot.pods) {
              expect(isPodAccessAllowed(matrix, other, peer)).toBe(
                isPodAccessAllowed(matrix, first, peer),
              );
              expect(isPodAccessAllowed(matrix, peer, other)).toBe(
                isPodAccessAllowed(matrix, peer, first),
              );
            }
          }
        }
      }),
    );
  });
});
