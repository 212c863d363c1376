/**
 * Kubernetes puts no syntax on usernames (an authenticator may return anything), but a
 * username with whitespace or control characters is always a copy-and-paste accident,
 * and one over this length is never a real one.
 */
const MAX_USERNAME_LENGTH = 1024;

// eslint-disable-next-line no-control-regex
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/u;

/**
 * Why a value cannot be a Kubernetes username the guard compares `request.userInfo.username`
 * with, or `undefined` when it can. The reason is a phrase to follow a field's name, such as
 * `must not be empty`.
 *
 * @public
 */
export function guardUsernameProblem(username: string): string | undefined {
  if (username.length === 0) {
    return 'must not be empty: give the Kubernetes username, e.g. system:serviceaccount:netseal:rollout';
  }
  if (WHITESPACE_OR_CONTROL.test(username)) {
    return `must not contain whitespace or control characters (got ${JSON.stringify(
      username,
    )}): give the username exactly as the cluster authenticates it, e.g. as "kubectl auth whoami" prints it`;
  }
  if (username.length > MAX_USERNAME_LENGTH) {
    return `must be at most ${MAX_USERNAME_LENGTH} characters long (got ${username.length}): give the username exactly as the cluster authenticates it`;
  }
  return undefined;
}
