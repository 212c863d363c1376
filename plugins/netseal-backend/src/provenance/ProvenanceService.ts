import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PolicyProvenance } from '@netseal/backstage-plugin-netseal-common';
import type {
  ProvenanceKey,
  ProvenanceStore,
} from '../database/ProvenanceStore';
import type { RestoreRecord } from '../database/RestoreStore';
import type { StoredRequest } from '../database/RequestStore';
import type { RolloutRecord, RolloutStore } from '../database/RolloutStore';
import { provenanceOfRollout } from './provenanceOfRollout';

/**
 * Keeps, for each policy in each cluster, how its current seal got there. It hears of
 * ends as events (a request's move to `completed`, a restore's end), connected in
 * `wiring/`, as the attestation service does, and records what the completed rollout did.
 */
export class ProvenanceService {
  readonly #store: ProvenanceStore;
  readonly #rollouts: Pick<RolloutStore, 'get'>;
  readonly #logger: LoggerService;
  readonly #recording = new Set<Promise<void>>();

  constructor(options: {
    store: ProvenanceStore;
    rollouts: Pick<RolloutStore, 'get'>;
    logger: LoggerService;
  }) {
    this.#store = options.store;
    this.#rollouts = options.rollouts;
    this.#logger = options.logger;
  }

  /** Told of each request transition: a completed request's rollout is recorded. */
  onRequestTransition(request: StoredRequest): void {
    if (request.state !== 'completed') return;
    this.#track(async () => {
      const rollout = await this.#rollouts.get(request.id);
      if (rollout?.status === 'completed') {
        await this.record(rollout, { request });
      }
    }, `the rollout of request ${request.id}`);
  }

  /** Told of each restore's end: a completed one is recorded. */
  onRestoreEnded(view: {
    restore: RestoreRecord;
    rollout: RolloutRecord;
  }): void {
    if (view.rollout.status !== 'completed') return;
    this.#track(
      () => this.record(view.rollout, { restore: view.restore }),
      `restore ${view.restore.id}`,
    );
  }

  async record(
    rollout: RolloutRecord,
    origin: { request: StoredRequest } | { restore: RestoreRecord },
  ): Promise<void> {
    const { records, removed } = provenanceOfRollout(rollout, origin);
    await this.#store.record(records, removed);
  }

  /** The policy's provenance, or undefined when it has none (see NO_PROVENANCE). */
  async find(key: ProvenanceKey): Promise<PolicyProvenance | undefined> {
    return this.#store.get(key);
  }

  /** Every record of a cluster, or of all clusters. */
  async list(options?: { cluster?: string }): Promise<PolicyProvenance[]> {
    return this.#store.list(options);
  }

  /** Waits for records in flight, e.g. in tests and at shutdown. */
  async settle(): Promise<void> {
    while (this.#recording.size > 0) {
      await Promise.allSettled([...this.#recording]);
    }
  }

  #track(work: () => Promise<unknown>, what: string): void {
    const run = work()
      .then(() => undefined)
      .catch(error =>
        this.#logger.error(
          `Could not record the provenance of ${what}: ${
            (error as Error).message
          }`,
        ),
      )
      .finally(() => this.#recording.delete(run));
    this.#recording.add(run);
  }
}
