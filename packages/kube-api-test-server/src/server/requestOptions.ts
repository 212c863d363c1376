import { FieldError, fieldError } from '../api/fieldErrors';
import { KubeApiError, apiErrors } from '../api/status';

/** The meta.k8s.io options kind a request's query decodes into. */
export type OptionsKind =
  | 'CreateOptions'
  | 'UpdateOptions'
  | 'PatchOptions'
  | 'DeleteOptions'
  | 'ListOptions';

/** Bad query parameters, answered as the API server does: `<Kind>.meta.k8s.io "" is invalid`. */
export function optionsInvalid(
  kind: OptionsKind,
  errors: FieldError[],
): KubeApiError {
  return apiErrors.invalid(
    { group: 'meta.k8s.io', resource: '', kind },
    '',
    errors,
  );
}

/** The query of a list or watch, as ValidateListOptions checks it. */
export interface ListQuery {
  watch: boolean;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  continueToken?: string;
  sendInitialEvents?: string;
}

/** ValidateListOptions of k8s.io/apimachinery's internalversion/validation. */
export function validateListOptions(query: ListQuery): void {
  const match = query.resourceVersionMatch ?? '';
  const errors: FieldError[] = [];
  const forbidden = (detail: string) =>
    errors.push(fieldError.forbidden('resourceVersionMatch', detail));
  if (query.watch) {
    if (query.sendInitialEvents !== undefined && match !== 'NotOlderThan') {
      forbidden(
        'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      );
    }
    if (match) {
      if (query.sendInitialEvents === undefined) {
        forbidden(
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        );
      }
      if (match !== 'NotOlderThan') {
        errors.push(
          fieldError.notSupported('resourceVersionMatch', match, [
            'NotOlderThan',
          ]),
        );
      }
      if (query.continueToken) {
        forbidden(
          'resourceVersionMatch is forbidden when continue is provided',
        );
      }
    }
  } else {
    if (match) {
      if (!query.resourceVersion) {
        forbidden(
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        );
      }
      if (query.continueToken) {
        forbidden(
          'resourceVersionMatch is forbidden when continue is provided',
        );
      }
      if (match !== 'Exact' && match !== 'NotOlderThan') {
        errors.push(
          fieldError.notSupported('resourceVersionMatch', match, [
            'Exact',
            'NotOlderThan',
            '',
          ]),
        );
      }
      if (match === 'Exact' && query.resourceVersion === '0') {
        forbidden(
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        );
      }
    }
    if (query.sendInitialEvents !== undefined) {
      errors.push(
        fieldError.forbidden(
          'sendInitialEvents',
          'sendInitialEvents is forbidden for list',
        ),
      );
    }
  }
  if (errors.length > 0) throw optionsInvalid('ListOptions', errors);
}
