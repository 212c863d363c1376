/**
 * Thrown for input the drift engine cannot work with: a malformed label selector
 * annotation, a cluster listed twice. The message names the field and the fix.
 *
 * The `name` is `InputError` on purpose, as for ReachabilityInputError: Backstage's error
 * middleware maps errors by name, so a backend that lets it escape answers 400.
 *
 * @public
 */
export class DriftInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
