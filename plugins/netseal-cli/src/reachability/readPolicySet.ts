import { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { assessPolicy } from '../manifests/assessPolicy';
import { visitManifests } from '../manifests/visitManifests';
import { Problem } from '../report/Problem';

/** A policy read from Git, and where it was found, for messages. */
export interface PolicyInGit {
  policy: NetworkPolicy;
  /** `file:line` */
  location: string;
}

/** The valid NetworkPolicies under one path argument, by `namespace/name`. */
export interface PolicySet {
  policies: Map<string, PolicyInGit>;
  problems: Problem[];
}

/**
 * Reads the NetworkPolicies under a directory or file exactly as `netseal verify` does (same
 * file limits, YAML rules and validation), but without asking for seals: a proposed change
 * is analysed before it is sealed. A directory without policies is an empty set, not a
 * problem: a change may add the first policies, or remove the last.
 */
export async function readPolicySet(
  arg: string,
  cwd: string,
): Promise<PolicySet> {
  const policies = new Map<string, PolicyInGit>();
  const problems: Problem[] = [];
  const visited = await visitManifests([arg], cwd, loaded => {
    for (const site of loaded.policies) {
      const assessment = assessPolicy(site);
      if (!assessment.valid) {
        problems.push(...assessment.problems);
        continue;
      }
      const { policy } = assessment;
      const identity = `${policy.metadata.namespace}/${policy.metadata.name}`;
      const location = `${site.file.display}:${site.line}`;
      const earlier = policies.get(identity);
      if (earlier) {
        problems.push({
          file: site.file.display,
          line: site.line,
          document: site.document.index + 1,
          kind: 'NetworkPolicy',
          name: site.name,
          namespace: site.namespace,
          path: '',
          message: `NetworkPolicy ${identity} is also defined at ${earlier.location}; a namespace holds one policy per name, so keep one of them`,
          code: 'duplicate-policy',
        });
        continue;
      }
      policies.set(identity, { policy, location });
    }
  });
  problems.push(...visited.problems);
  return { policies, problems };
}
