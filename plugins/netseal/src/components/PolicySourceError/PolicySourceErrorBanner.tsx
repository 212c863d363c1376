import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { EntityPolicies } from '@netseal/backstage-plugin-netseal-common';
import { RelativeTime } from '../RelativeTime';

/**
 * Says that the entity's policy source could not be read, and so that the statuses shown
 * are those of the last good read, not of what Git holds now.
 */
export function PolicySourceErrorBanner(props: { policies: EntityPolicies }) {
  const { sourceError, policySource } = props.policies;
  if (!sourceError) {
    return null;
  }
  return (
    <Alert severity="warning" role="alert">
      <AlertTitle>
        The policy source{policySource ? ` ${policySource}` : ''} could not be
        read
      </AlertTitle>
      {sourceError.message} (last tried{' '}
      <RelativeTime value={sourceError.checkedAt} />
      ). The statuses shown are those of the last good read.
    </Alert>
  );
}
