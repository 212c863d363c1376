import { isError } from '@backstage/errors';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { netsealPolicyReadPermission } from '@netseal/backstage-plugin-netseal-common';
import { isResponseError } from '../../api/isResponseError';

/** True for the API's 403: the caller lacks `netseal.policy.read` on the entity. */
export function isNotAllowedError(error: unknown): boolean {
  if (isResponseError(error)) {
    return error.statusCode === 403 || error.cause.name === 'NotAllowedError';
  }
  return isError(error) && error.name === 'NotAllowedError';
}

/** Says who may not read what and which permission would allow it, instead of a blank page. */
export function NotAllowedPanel(props: { entityRef: string }) {
  const { entityRef } = props;
  const permission = netsealPolicyReadPermission.name;
  return (
    <Alert severity="error">
      <AlertTitle>
        You may not read the network policies of {entityRef} (permission{' '}
        {permission})
      </AlertTitle>
      Ask the owners of {entityRef} or your Backstage administrators to grant
      you {permission}.
    </Alert>
  );
}
