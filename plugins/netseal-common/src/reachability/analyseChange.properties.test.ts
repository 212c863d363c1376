import fc from 'fast-check';
import {
  cluster,
  namespacedSpecs,
  networkPolicies,
} from './__testUtils__/arbitraries';
import { analyseChange, ipBlockEndpoints } from './analyseChange';
import { diffAccess } from './diffAccess';
import { portsToAnalyse } from './portsToAnalyse';
import { buildReachabilityModel } from './ReachabilityModel';

describe('analyseChange, for any cluster and two policy sets', () => {
  it('answers every port exactly as a diff of that port alone, though ports treated alike share one diff', () => {
    fc.assert(
      fc.property(
        cluster,
        namespacedSpecs(4).map(specs => networkPolicies(specs, 'q')),
        (snapshot, after) => {
          const model = buildReachabilityModel({ ...snapshot, policies: [] });
          const before = snapshot.policies;
          const every = [...before, ...after];
          const options = {
            ipFamily: 'IPv4' as const,
            externalEndpoints: ipBlockEndpoints(every, 'IPv4'),
          };
          const ports = portsToAnalyse(every, snapshot.pods);

          const analyses = analyseChange(model, before, after, ports, options);

          expect(analyses.map(analysis => analysis.analysed)).toEqual(ports);
          for (const { analysed, diff } of analyses) {
            expect(diff).toEqual(
              diffAccess(model.withPolicies(before), after, {
                port: analysed.port,
                protocol: analysed.protocol,
                ...options,
              }),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
