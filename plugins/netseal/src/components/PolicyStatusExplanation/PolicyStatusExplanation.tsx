import Typography from '@material-ui/core/Typography';
import type { PolicyStatus } from '@netseal/backstage-plugin-netseal-common';
import { withBreakOpportunities } from '../ReadableTable';

/**
 * Why a policy has its status, in words a person can act on: the reason of `unknown`
 * (e.g. the cluster is unreachable), and where an `unsealed` policy sits: the file and
 * line in the policy source, or only in the cluster.
 */
export function explainPolicyStatus(policy: PolicyStatus): string | undefined {
  switch (policy.status) {
    case 'unknown':
      return policy.reason ?? `cluster ${policy.cluster} could not be read`;
    case 'unsealed':
      if (policy.source) {
        const where = `${policy.source.file}:${policy.source.line}`;
        return policy.reason ? `${where}: ${policy.reason}` : where;
      }
      // The backend words it with the cluster's name ("exists only in cluster prod-eu, ...").
      return policy.reason ?? 'exists only in the cluster';
    case 'missing':
    case 'drifted':
    case 'pending':
      return policy.reason;
    default:
      return undefined;
  }
}

export function PolicyStatusExplanation(props: { policy: PolicyStatus }) {
  const explanation = explainPolicyStatus(props.policy);
  if (!explanation) {
    return null;
  }
  return (
    <Typography variant="body2" color="textSecondary" component="div">
      {withBreakOpportunities(explanation)}
    </Typography>
  );
}
