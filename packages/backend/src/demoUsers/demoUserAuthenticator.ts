import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';

/** The request header in which the demo's sign-in page names the catalog user to be. */
export const DEMO_USER_HEADER = 'x-netseal-demo-user';

/** What the authenticator hands to the sign-in resolver: the chosen catalog user. */
export interface DemoUserResult {
  userEntityRef: string;
}

interface DemoUserContext {
  users: string[];
  disabled: boolean;
}

/**
 * Signs in as whichever of `auth.providers.demo.users` the request names, with no
 * credential at all: like Backstage's guest provider, and for the same reason (a demo
 * where a requester and a reviewer must be two different people), it refuses to work
 * unless the backend runs with NODE_ENV=development.
 */
export const demoUserAuthenticator = createProxyAuthenticator<
  DemoUserContext,
  DemoUserResult,
  undefined
>({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize({ config }: { config: Config }) {
    return {
      users: config.getStringArray('users'),
      disabled: process.env.NODE_ENV !== 'development',
    };
  },
  async authenticate({ req }, { users, disabled }) {
    if (disabled) {
      throw new NotAllowedError(
        'The demo sign-in (auth.providers.demo) works only when the backend runs with NODE_ENV=development; remove it from the configuration of any other environment',
      );
    }
    const userEntityRef = req.header(DEMO_USER_HEADER);
    if (!userEntityRef || !users.includes(userEntityRef)) {
      throw new InputError(
        `Header ${DEMO_USER_HEADER} is '${
          userEntityRef ?? ''
        }'; name one of auth.providers.demo.users: ${users.join(', ')}`,
      );
    }
    return { result: { userEntityRef } };
  },
});
