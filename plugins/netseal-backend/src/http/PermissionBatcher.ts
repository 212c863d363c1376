import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
} from '@backstage/plugin-permission-common';

interface Pending {
  request: AuthorizePermissionRequest;
  resolve(decision: AuthorizePermissionResponse): void;
  reject(error: unknown): void;
}

interface Batch {
  credentials: BackstageCredentials;
  pending: Pending[];
}

function requestKey(request: AuthorizePermissionRequest): string {
  return JSON.stringify([
    request.permission.name,
    'resourceRef' in request ? request.resourceRef ?? null : null,
  ]);
}

/**
 * Permission checks of one caller, asked in batches: checks that arrive while a batch is
 * being decided wait for the next one, which is sent as one `authorize` call with each
 * distinct check once. Two hundred page loads at once by one caller cost a few calls to
 * the permission backend, not two hundred. Decisions are never kept beyond their batch.
 *
 * Callers are told apart by a key that stands for their exact credentials (a digest of
 * their token): a batch is decided with the credentials of its first check, which must
 * be the same principal with the same claims as every other check in it.
 */
export class PermissionBatcher {
  readonly #permissions: PermissionsService;
  readonly #waiting = new Map<string, Batch>();
  readonly #deciding = new Set<string>();

  constructor(permissions: PermissionsService) {
    this.#permissions = permissions;
  }

  authorize(
    callerKey: string,
    credentials: BackstageCredentials,
    request: AuthorizePermissionRequest,
  ): Promise<AuthorizePermissionResponse> {
    return new Promise((resolve, reject) => {
      let batch = this.#waiting.get(callerKey);
      if (!batch) {
        batch = { credentials, pending: [] };
        this.#waiting.set(callerKey, batch);
        if (!this.#deciding.has(callerKey)) {
          setImmediate(() => void this.#decide(callerKey));
        }
      }
      batch.pending.push({ request, resolve, reject });
    });
  }

  async #decide(callerKey: string): Promise<void> {
    const batch = this.#waiting.get(callerKey);
    if (!batch) return;
    this.#waiting.delete(callerKey);
    this.#deciding.add(callerKey);
    try {
      const distinct = new Map<string, AuthorizePermissionRequest>();
      for (const { request } of batch.pending) {
        distinct.set(requestKey(request), request);
      }
      const keys = [...distinct.keys()];
      const decisions = await this.#permissions.authorize(
        [...distinct.values()],
        { credentials: batch.credentials },
      );
      const byKey = new Map(keys.map((key, index) => [key, decisions[index]]));
      for (const { request, resolve } of batch.pending) {
        resolve(byKey.get(requestKey(request))!);
      }
    } catch (error) {
      batch.pending.forEach(({ reject }) => reject(error));
    } finally {
      this.#deciding.delete(callerKey);
      // Checks that came while this batch was decided form the next one.
      if (this.#waiting.has(callerKey)) {
        setImmediate(() => void this.#decide(callerKey));
      }
    }
  }
}
