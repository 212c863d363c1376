import { FieldError, fieldErrorBody, fieldErrorMessage } from './fieldErrors';

/** metav1.StatusReason values this server answers with. */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Gone'
  | 'Expired'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'TooManyRequests'
  | 'RequestEntityTooLarge';

/** One entry of Status.details.causes. */
export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

/** Status.details. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The metav1.Status object the API server sends with every error. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** What identifies a resource in messages: `networkpolicies.networking.k8s.io`, `pods`. */
export interface ResourceIdentity {
  group: string;
  resource: string;
  kind: string;
}

function qualifiedResource(r: ResourceIdentity): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

function qualifiedKind(r: ResourceIdentity): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}

// Go's encoding drops empty strings (omitempty), so must we.
function details(parts: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (parts.name) out.name = parts.name;
  if (parts.group) out.group = parts.group;
  if (parts.kind) out.kind = parts.kind;
  if (parts.uid) out.uid = parts.uid;
  if (parts.causes?.length) out.causes = parts.causes;
  if (parts.retryAfterSeconds) out.retryAfterSeconds = parts.retryAfterSeconds;
  return out;
}

/** An error that the HTTP layer sends as a Kubernetes Status. */
export class KubeApiError extends Error {
  readonly status: Status;

  constructor(
    code: number,
    reason: StatusReason | undefined,
    message: string,
    statusDetails?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeApiError';
    // Field order follows Go's struct so that the JSON reads like a real server's.
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      ...(reason ? { reason } : {}),
      ...(statusDetails ? { details: details(statusDetails) } : {}),
      code,
    };
  }

  get code(): number {
    return this.status.code;
  }
}

/** Builders named after k8s.io/apimachinery/pkg/api/errors. */
export const apiErrors = {
  notFound: (r: ResourceIdentity, name: string) =>
    new KubeApiError(
      404,
      'NotFound',
      `${qualifiedResource(r)} "${name}" not found`,
      {
        name,
        group: r.group,
        kind: r.resource,
      },
    ),
  namespaceNotFound: (namespace: string) =>
    new KubeApiError(404, 'NotFound', `namespaces "${namespace}" not found`, {
      name: namespace,
      kind: 'namespaces',
    }),
  pathNotFound: () =>
    new KubeApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    ),
  alreadyExists: (r: ResourceIdentity, name: string) =>
    new KubeApiError(
      409,
      'AlreadyExists',
      `${qualifiedResource(r)} "${name}" already exists`,
      { name, group: r.group, kind: r.resource },
    ),
  conflict: (r: ResourceIdentity, name: string, why: string) =>
    new KubeApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(
        r,
      )} "${name}": ${why}`,
      { name, group: r.group, kind: r.resource },
    ),
  invalid: (r: ResourceIdentity, name: string, errors: FieldError[]) => {
    const messages = errors.map(fieldErrorMessage);
    const summary =
      messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
    return new KubeApiError(
      422,
      'Invalid',
      `${qualifiedKind(r)} "${name}" is invalid: ${summary}`,
      {
        name,
        group: r.group,
        kind: r.kind,
        causes: errors.map(e => ({
          reason: e.type,
          message: fieldErrorBody(e),
          field: e.field,
        })),
      },
    );
  },
  forbidden: (r: ResourceIdentity, name: string, why: string) =>
    new KubeApiError(
      403,
      'Forbidden',
      `${qualifiedResource(r)}${name ? ` "${name}"` : ''} is forbidden: ${why}`,
      { name, group: r.group, kind: r.resource },
    ),
  unauthorized: () => new KubeApiError(401, 'Unauthorized', 'Unauthorized'),
  badRequest: (message: string) => new KubeApiError(400, 'BadRequest', message),
  methodNotAllowed: () =>
    new KubeApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
      {},
    ),
  unsupportedMediaType: (contentType: string, accepted: string[]) =>
    new KubeApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
        ', ',
      )}`,
      contentType ? {} : undefined,
    ),
  expired: (message: string) => new KubeApiError(410, 'Expired', message),
  gone: (message: string) => new KubeApiError(410, 'Gone', message),
  tooLargeResourceVersion: (requested: number, current: number) =>
    new KubeApiError(
      504,
      'Timeout',
      `Timeout: Too large resource version: ${requested}, current: ${current}`,
      {
        causes: [
          {
            reason: 'ResourceVersionTooLarge',
            message: 'Too large resource version',
          },
        ],
        retryAfterSeconds: 1,
      },
    ),
  internal: (message: string) =>
    new KubeApiError(
      500,
      'InternalError',
      `Internal error occurred: ${message}`,
      { causes: [{ reason: '', message }] },
    ),
};

/** The Status a successful delete of a resource without ReturnDeletedObject answers with. */
export function successStatus(r: ResourceIdentity, name: string, uid: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: details({ name, group: r.group, kind: r.resource, uid }),
  };
}
