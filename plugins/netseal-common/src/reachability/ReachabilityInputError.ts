/**
 * Thrown when a snapshot, a policy or a probe cannot be evaluated as given. The message
 * names the object and the field, and says what would be accepted instead.
 *
 * The `name` is `InputError` on purpose: Backstage's error middleware maps errors by name,
 * so a backend that lets this error escape answers 400 without wrapping it.
 *
 * @public
 */
export class ReachabilityInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
