import {
  lineOfPolicyField,
  PolicySite,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';

/** A problem located at a field of a policy, with the policy's identity for `--json`. */
export function policyProblem(
  site: PolicySite,
  fields: Pick<Problem, 'path' | 'message' | 'code'> & { line?: number },
): Problem {
  return {
    file: site.file.display,
    line: fields.line ?? lineOfPolicyField(site, fields.path),
    document: site.document.index + 1,
    kind: 'NetworkPolicy',
    name: site.name,
    namespace: site.namespace,
    path: `${site.pathPrefix}${fields.path}`.replace(/\.$/, ''),
    message: fields.message,
    code: fields.code,
  };
}
