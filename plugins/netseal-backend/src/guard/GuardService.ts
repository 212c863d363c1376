import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  buildGuardManifests,
  GUARD_NAMES,
  GUARD_VERSION,
  GUARD_VERSION_LABEL,
} from '@netseal/backstage-plugin-netseal-common';
import type { ClusterDetails } from '@netseal/backstage-plugin-netseal-node';
import { createKubeConfig } from '../clusters/createKubeConfig';
import type { JsonObject } from '../clusters/liveObjects';
import { rolloutUsername } from '../clusters/rolloutIdentityOf';
import {
  applyGuardObject,
  deleteGuardObject,
  readGuardObject,
} from './applyGuardObject';
import { ClusterWriteFailure } from '../errors/ClusterWriteFailure';

/** A cluster's admission guard as last checked (see the API's ClusterGuard). */
export interface ClusterGuardState {
  status: 'protected' | 'unprotected' | 'outdated' | 'unknown';
  installed: boolean;
  bound: boolean;
  upToDate: boolean;
  enforcing: boolean;
  version?: string;
  expectedVersion: string;
  rolloutUser?: string;
  reason?: string;
  checkedAt: Date;
}

function labelsOf(object: JsonObject | undefined): Record<string, string> {
  return ((object?.metadata as { labels?: Record<string, string> })?.labels ??
    {}) as Record<string, string>;
}

/**
 * Whether two ConfigMaps' data hold the same entries. The API server answers a map's
 * keys sorted (Go's encoding/json), whatever order they were written in.
 */
function sameEntries(
  a: Record<string, string>,
  b: Record<string, string>,
): boolean {
  const sorted = (data: Record<string, string>) =>
    JSON.stringify(Object.entries(data).sort(([x], [y]) => (x < y ? -1 : 1)));
  return sorted(a) === sorted(b);
}

function specOf<T>(object: JsonObject | undefined): T | undefined {
  return object?.spec as T | undefined;
}

/**
 * The admission guard of each cluster (DESIGN's "Guard", rule 6): whether it stands and
 * is current, read with the read-only identity, and its installation, upgrade or
 * uninstallation with the rollout identity. The last state read of each cluster is kept for `GET /clusters`.
 */
export class GuardService {
  readonly #cluster: (name: string) => ClusterDetails | undefined;
  readonly #deleteExceptions: string[];
  readonly #auditor: AuditorService;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #states = new Map<string, ClusterGuardState>();
  readonly #listeners = new Set<
    (change: { cluster: string; state: ClusterGuardState }) => void
  >();

  constructor(options: {
    cluster: (name: string) => ClusterDetails | undefined;
    deleteExceptions: string[];
    auditor: AuditorService;
    logger: LoggerService;
    now?: () => Date;
  }) {
    this.#cluster = options.cluster;
    this.#deleteExceptions = options.deleteExceptions;
    this.#auditor = options.auditor;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Hears each change of a cluster's guard status as this replica reads it (and the first
   * read of each cluster), e.g. to keep the guard's status history. Returns the unsubscribe.
   */
  subscribe(
    listener: (change: { cluster: string; state: ClusterGuardState }) => void,
  ): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The state last read of the cluster's guard, if it was read. */
  cached(name: string): ClusterGuardState | undefined {
    return this.#states.get(name);
  }

  /** Reads every cluster's guard again; a cluster that cannot be asked is `unknown`. */
  async checkAll(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await this.check(name);
    }
  }

  /** Reads the cluster's guard now. */
  async check(name: string): Promise<ClusterGuardState> {
    const details = this.#details(name);
    const state = await this.#read(details).catch(
      (error): ClusterGuardState => ({
        status: 'unknown',
        installed: false,
        bound: false,
        upToDate: false,
        enforcing: false,
        expectedVersion: GUARD_VERSION,
        reason: `the guard of cluster ${name} could not be read: ${
          (error as Error).message
        }; the read-only identity needs get on validatingadmissionpolicies, validatingadmissionpolicybindings and, in namespace ${
          GUARD_NAMES.paramsNamespace
        }, configmaps`,
        checkedAt: this.#now(),
      }),
    );
    this.#setState(name, state);
    return state;
  }

  #setState(name: string, state: ClusterGuardState): void {
    const previous = this.#states.get(name);
    this.#states.set(name, state);
    if (previous?.status === state.status) return;
    for (const listener of this.#listeners) {
      try {
        listener({ cluster: name, state });
      } catch (error) {
        this.#logger.warn(
          `A listener of guard status changes failed: ${
            (error as Error).message
          }`,
        );
      }
    }
  }

  /**
   * Installs or upgrades the cluster's guard with its rollout identity, which the guard
   * then names as the one identity that may create and delete sealed policies. Audited.
   */
  async install(
    name: string,
    actor: {
      userEntityRef: string;
      httpRequest?: AuditorServiceCreateEventOptions['request'];
    },
  ): Promise<ClusterGuardState> {
    const details = this.#details(name);
    if (!details.rolloutAuth) {
      throw new ConflictError(
        `cluster ${name} has no rollout identity; set netseal.clusters[].rollout, which the guard lets replace sealed policies, then install the guard`,
      );
    }
    const event = await this.#auditor.createEvent({
      eventId: 'guard-install',
      severityLevel: 'high',
      request: actor.httpRequest,
      meta: {
        cluster: name,
        actor: actor.userEntityRef,
        version: GUARD_VERSION,
      },
    });
    try {
      const rolloutUser = await rolloutUsername(details);
      const manifests = buildGuardManifests({
        rolloutUser: rolloutUser!,
        deleteExceptions: this.#deleteExceptions,
      });
      const kubeConfig = createKubeConfig(details, details.rolloutAuth);
      for (const manifest of manifests) {
        await applyGuardObject(kubeConfig, manifest);
      }
      await event.success({ meta: { rolloutUser: rolloutUser ?? null } });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw new ClusterWriteFailure(
        `cluster ${name} refused the guard's installation: ${
          (error as Error).message
        }; the rollout identity needs create, get and update on validatingadmissionpolicies and validatingadmissionpolicybindings, namespaces, and configmaps in ${
          GUARD_NAMES.paramsNamespace
        } (or apply the output of \`netseal guard\` with your GitOps tool)`,
        error,
      );
    }
    this.#logger.info(`Installed Netseal's guard ${GUARD_VERSION} in ${name}`);
    return this.check(name);
  }

  /**
   * Uninstalls the cluster's guard with its rollout identity: the binding first, so
   * that nothing is enforced from then on, then the policy and its parameters (deleting
   * the parameters first would make the binding deny every change of a sealed policy).
   * The namespace is left, as other things may live in it. Audited.
   */
  async uninstall(
    name: string,
    actor: {
      userEntityRef: string;
      httpRequest?: AuditorServiceCreateEventOptions['request'];
    },
  ): Promise<ClusterGuardState> {
    const details = this.#details(name);
    if (!details.rolloutAuth) {
      throw new ConflictError(
        `cluster ${name} has no rollout identity; set netseal.clusters[].rollout, which uninstalls the guard, or delete its objects with kubectl`,
      );
    }
    const event = await this.#auditor.createEvent({
      eventId: 'guard-uninstall',
      severityLevel: 'high',
      request: actor.httpRequest,
      meta: { cluster: name, actor: actor.userEntityRef },
    });
    const kubeConfig = createKubeConfig(details, details.rolloutAuth);
    try {
      for (const object of [
        {
          kind: 'ValidatingAdmissionPolicyBinding',
          metadata: { name: GUARD_NAMES.binding },
        },
        {
          kind: 'ValidatingAdmissionPolicy',
          metadata: { name: GUARD_NAMES.policy },
        },
        {
          kind: 'ConfigMap',
          metadata: {
            name: GUARD_NAMES.params,
            namespace: GUARD_NAMES.paramsNamespace,
          },
        },
      ]) {
        await deleteGuardObject(kubeConfig, object);
      }
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw new ClusterWriteFailure(
        `cluster ${name} refused the guard's uninstallation: ${
          (error as Error).message
        }; the rollout identity needs delete on validatingadmissionpolicies, validatingadmissionpolicybindings and, in ${
          GUARD_NAMES.paramsNamespace
        }, configmaps (or delete them with kubectl)`,
        error,
      );
    }
    this.#logger.info(`Uninstalled Netseal's guard from ${name}`);
    return this.check(name);
  }

  #details(name: string): ClusterDetails {
    const details = this.#cluster(name);
    if (!details) {
      throw new NotFoundError(
        `No cluster ${name}; the configured clusters are in netseal.clusters`,
      );
    }
    return details;
  }

  async #read(details: ClusterDetails): Promise<ClusterGuardState> {
    const kubeConfig = createKubeConfig(details);
    const [policy, binding, params] = await Promise.all([
      readGuardObject(kubeConfig, {
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: GUARD_NAMES.policy },
      }),
      readGuardObject(kubeConfig, {
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: GUARD_NAMES.binding },
      }),
      readGuardObject(kubeConfig, {
        kind: 'ConfigMap',
        metadata: {
          name: GUARD_NAMES.params,
          namespace: GUARD_NAMES.paramsNamespace,
        },
      }),
    ]);
    const expectedUser = await rolloutUsername(details).catch(() => undefined);
    const version = policy ? labelsOf(policy)[GUARD_VERSION_LABEL] : undefined;
    const bindingSpec = specOf<{
      policyName?: string;
      validationActions?: string[];
    }>(binding);
    const installed = Boolean(policy);
    const bound = installed && bindingSpec?.policyName === GUARD_NAMES.policy;
    const enforcing =
      bound &&
      Boolean(bindingSpec?.validationActions?.includes('Deny')) &&
      Boolean(params);
    const data = (params?.data ?? {}) as Record<string, string>;
    const rolloutUser = data.rolloutUser;
    const expectedData = expectedUser
      ? (buildGuardManifests({
          rolloutUser: expectedUser,
          deleteExceptions: this.#deleteExceptions,
        }).find(manifest => manifest.kind === 'ConfigMap')?.data as
          | Record<string, string>
          | undefined)
      : undefined;
    const outdatedBecause: string[] = [];
    if (installed && version !== GUARD_VERSION) {
      outdatedBecause.push(
        `it is version ${
          version ?? '(unlabelled)'
        }, this Netseal installs ${GUARD_VERSION}`,
      );
    }
    if (
      binding &&
      labelsOf(binding)[GUARD_VERSION_LABEL] !== GUARD_VERSION &&
      version === GUARD_VERSION
    ) {
      outdatedBecause.push(`its binding is of another version`);
    }
    if (expectedUser && rolloutUser !== expectedUser) {
      outdatedBecause.push(
        `it lets ${
          rolloutUser ?? 'nobody'
        } replace sealed policies, but the rollout identity is ${expectedUser}`,
      );
    } else if (expectedData && !sameEntries(data, expectedData)) {
      outdatedBecause.push(
        'its delete exceptions differ from netseal.guard.deleteExceptions',
      );
    }
    const upToDate = installed && outdatedBecause.length === 0;
    let status: ClusterGuardState['status'];
    let reason: string | undefined;
    if (!installed) {
      status = 'unprotected';
      reason = `no ValidatingAdmissionPolicy ${GUARD_NAMES.policy}: sealed policies can be edited in place; install the guard`;
    } else if (!bound) {
      status = 'unprotected';
      reason = `the policy ${GUARD_NAMES.policy} has no binding ${GUARD_NAMES.binding}, so it enforces nothing; install the guard again`;
    } else if (!enforcing) {
      status = 'unprotected';
      reason = params
        ? `the binding ${
            GUARD_NAMES.binding
          } does not deny (validationActions ${JSON.stringify(
            bindingSpec?.validationActions ?? [],
          )}); install the guard again`
        : `the guard's parameters (ConfigMap ${GUARD_NAMES.paramsNamespace}/${GUARD_NAMES.params}) are missing, so it denies every change of a sealed policy, rollouts included; install the guard again`;
    } else if (!upToDate) {
      status = 'outdated';
      reason = `${outdatedBecause.join('; ')}; upgrade the guard`;
    } else {
      status = 'protected';
    }
    return {
      status,
      installed,
      bound,
      upToDate,
      enforcing,
      ...(version ? { version } : {}),
      expectedVersion: GUARD_VERSION,
      ...(rolloutUser ? { rolloutUser } : {}),
      ...(reason ? { reason } : {}),
      checkedAt: this.#now(),
    };
  }
}
