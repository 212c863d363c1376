import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { ReachabilityDirection } from '@netseal/backstage-plugin-netseal-common';

const TITLES: Record<
  ReachabilityDirection['mode'],
  (direction: string) => string
> = {
  isolated: direction => `${direction} is isolated`,
  'not-isolated': direction => `${direction} is not isolated`,
  'allow-all': direction => `${direction} is open to everyone`,
};

const SEVERITIES = {
  isolated: 'success',
  'not-isolated': 'warning',
  'allow-all': 'error',
} as const;

/**
 * One direction's verdict above the picture, in netseal-common's words (an isolated
 * direction's summary says that everything not drawn is denied by default). Open
 * directions are loud: an alert. Where a cluster-scoped policy may decide instead of the
 * NetworkPolicies, the verdict is unknown, so even an isolated direction warns, naming it.
 */
export function ReachabilityBanner(props: {
  name: 'Ingress' | 'Egress';
  direction: ReachabilityDirection;
}) {
  const { name, direction } = props;
  const overriddenBy = direction.mayBeOverriddenBy ?? [];
  const isolated = direction.mode === 'isolated' && overriddenBy.length === 0;
  const severity =
    direction.mode === 'isolated' && !isolated
      ? 'warning'
      : SEVERITIES[direction.mode];
  return (
    <Alert
      severity={severity}
      // An isolated direction is good news, not an alert to interrupt a screen reader with.
      role={isolated ? 'note' : 'alert'}
      style={{ marginBottom: 8 }}
    >
      <AlertTitle>{TITLES[direction.mode](name)}</AlertTitle>
      {direction.summary}
      {overriddenBy.length > 0 && (
        <>
          <br />
          {`Unknown whether the cluster keeps to this: ${overriddenBy.join(
            ', ',
          )} may decide ${name.toLowerCase()} instead of the NetworkPolicies.`}
        </>
      )}
    </Alert>
  );
}
