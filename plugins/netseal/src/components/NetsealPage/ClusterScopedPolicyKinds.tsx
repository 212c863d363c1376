import { StatusWarning } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { ClusterStatus } from '@netseal/backstage-plugin-netseal-common';
import { withBreakOpportunities } from '../ReadableTable';

type Kinds = NonNullable<ClusterStatus['clusterScopedPolicies']>['kinds'];

function kindsInWords(kinds: Kinds): string {
  return kinds
    .map(
      ({ kind, group, count, read }) =>
        `${count} ${kind}${read ? '' : ` (${group}, counted, not modelled)`}`,
    )
    .join(', ');
}

/**
 * Which cluster-scoped network policy kinds the cluster serves: where they may apply, the
 * access Netseal shows for its NetworkPolicies is unknown, so a platform team sees here
 * which clusters carry such answers, and which clusters could not even be asked.
 */
export function ClusterScopedPolicyKinds(props: { cluster: ClusterStatus }) {
  const { cluster } = props;
  const scoped = cluster.clusterScopedPolicies;
  // An older backend does not say, and an unreachable cluster's reason says why already.
  if (!scoped || cluster.state !== 'connected') return null;
  if (scoped.notKnown && scoped.notKnown.length > 0) {
    return (
      <StatusWarning>
        {withBreakOpportunities(
          `Cluster-scoped network policy not known: ${scoped.notKnown.join(
            '; ',
          )}`,
        )}
      </StatusWarning>
    );
  }
  const present = scoped.kinds.filter(kind => kind.count > 0);
  return (
    <Typography variant="body2" color="textSecondary">
      {present.length === 0
        ? 'No cluster-scoped network policy'
        : withBreakOpportunities(
            `Cluster-scoped network policy: ${kindsInWords(present)}`,
          )}
    </Typography>
  );
}
