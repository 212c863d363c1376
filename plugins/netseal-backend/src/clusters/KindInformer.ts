import { LoggerService } from '@backstage/backend-plugin-api';
import * as k8s from '@kubernetes/client-node';
import {
  ConnectionFailure,
  describeConnectionFailure,
} from './describeConnectionFailure';
import { WatchedKindDefinition } from './liveKindDefinitions';
import { CachedObject, JsonObject } from './liveObjects';
import { requestRaw } from './requestRaw';
import { retryDelay, RetryTiming } from './retryDelay';

/** Timing of the live view: retries, request bounds and watch lifetimes. */
export interface LiveViewTiming {
  retry: RetryTiming;
  /** Longest wait for a list or `/version` answer (default 60 s). */
  requestTimeoutMs: number;
  /**
   * Longest life of one watch request (default 600 s); each asks for a random timeout
   * between half and all of it, as client-go's reflector does, so that a silently dead
   * connection is replaced and replicas do not reconnect in step.
   */
  watchTimeoutSeconds: number;
}

/** Whether one kind of one cluster is in sync. */
export type KindStatus =
  | { state: 'pending' }
  | { state: 'synced' }
  | { state: 'failed'; failure: ConnectionFailure };

export interface KindInformerOptions {
  cluster: string;
  definition: WatchedKindDefinition;
  kubeConfig: k8s.KubeConfig;
  logger: LoggerService;
  timing: LiveViewTiming;
  countRequest(): void;
  onObjectChange(
    change: 'added' | 'modified' | 'deleted',
    object: CachedObject,
  ): void;
  /** A (re)list has been applied to the cache. */
  onListed(): void;
  /** The status changed, or the watch (re)connected, which confirms the view. */
  onStatusChange(): void;
}

/** What ListWatch treats as 410 Gone: it forgets its resourceVersion and lists again. */
function goneError(): Error & { statusCode: number } {
  return Object.assign(new Error('list requested'), { statusCode: 410 });
}

/** The hooks through which the watch reports to its informer. */
interface WatchOwner {
  stopped(): boolean;
  /** Called first in each watch call: ListWatch calls it right after applying a list. */
  watchRequested(): void;
  /** Whether a list must come before this watch; asking consumes the request. */
  takeRelistRequest(): boolean;
  relistPending(): boolean;
  /** Waits before reopening a watch that keeps ending as soon as it opens. */
  paceReconnect(): Promise<void>;
  watchQuery(): Record<string, string | number | boolean | undefined>;
  countRequest(): void;
  slimEvent(phase: string, object: unknown): unknown;
  watchOpened(): void;
  /** Returns the error to hand on to ListWatch. */
  watchEnded(error: unknown, wasOpen: boolean): unknown;
}

/**
 * client-node's Watch, observed: it counts requests, slims objects before the informer
 * caches them, tells an open watch from a failed one, never opens after stop, and turns
 * a requested relist into the 410 that makes ListWatch list again.
 */
class ObservedWatch extends k8s.Watch {
  private readonly open = new Set<AbortController>();

  constructor(config: k8s.KubeConfig, private readonly owner: WatchOwner) {
    super(config);
  }

  async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const idle = new AbortController();
    if (this.owner.stopped()) return idle;
    this.owner.watchRequested();
    await this.owner.paceReconnect();
    if (this.owner.stopped()) return idle;
    if (this.owner.takeRelistRequest()) {
      // Asynchronously, so that ListWatch has stored this controller first.
      setImmediate(() => done(goneError()));
      return idle;
    }
    this.owner.countRequest();
    let ended = false;
    let wasOpen = false;
    let controller: AbortController | undefined;
    const onDone = (error: unknown) => {
      if (ended) return;
      ended = true;
      if (controller) this.open.delete(controller);
      done(this.owner.watchEnded(error, wasOpen));
    };
    try {
      controller = await super.watch(
        path,
        { ...queryParams, ...this.owner.watchQuery() },
        (phase, object, watchObject) =>
          callback(phase, this.owner.slimEvent(phase, object), watchObject),
        onDone,
      );
    } catch (error) {
      // Building the request failed (e.g. an unreadable in-cluster token file).
      onDone(error);
      return idle;
    }
    if (!ended) {
      wasOpen = true;
      this.open.add(controller);
      this.owner.watchOpened();
      // Stopped, or asked to relist, while the request was on its way.
      if (this.owner.stopped() || this.owner.relistPending())
        controller.abort();
    }
    return controller;
  }

  /** Ends the open watch, so that ListWatch's done handler runs. */
  abortOpen() {
    for (const controller of [...this.open]) controller.abort();
  }
}

/**
 * One cluster-wide list+watch of one kind: client-node's ListWatch (what makeInformer
 * builds, with an observed Watch), restarted with backoff whenever it gives up.
 *
 * ListWatch itself re-lists on 410 Gone and resumes a cleanly closed watch from its
 * resourceVersion, but on any error (a failed list, a refused or broken watch) it reports
 * `error` and stops for good. This class restarts it after a jittered, exponentially
 * growing delay; a restart resumes the watch from the last resourceVersion, and when the
 * server has compacted past it the 410 makes ListWatch list again.
 */
export class KindInformer {
  private readonly informer: k8s.ListWatch<CachedObject & k8s.KubernetesObject>;
  private readonly watcher: ObservedWatch;
  private currentStatus: KindStatus = { state: 'pending' };
  private isStopped = true;
  private stopSignal = new AbortController();
  private retryTimer: NodeJS.Timeout | undefined;
  private failedAttempts = 0;
  private relistRequested = false;
  private listInFlight = false;
  private justListed = false;
  private running: Promise<void> = Promise.resolve();
  private listWaiters: Array<() => void> = [];
  /** Watches in a row that ended within a second of opening. */
  private quickEnds = 0;
  private openedAt = 0;
  /** The open watch reported 410 Gone: its resourceVersion was compacted away. */
  private expired = false;
  private pacing: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  constructor(private readonly options: KindInformerOptions) {
    this.watcher = new ObservedWatch(options.kubeConfig, this.watchOwner());
    this.informer = new k8s.ListWatch<CachedObject & k8s.KubernetesObject>(
      options.definition.path,
      this.watcher,
      () => this.list(),
      false,
    );
    this.informer.on('add', object => options.onObjectChange('added', object));
    this.informer.on('update', object =>
      options.onObjectChange('modified', object),
    );
    this.informer.on('delete', object =>
      options.onObjectChange('deleted', object),
    );
    this.informer.on('error', () => this.scheduleRestart());
  }

  get status(): KindStatus {
    return this.currentStatus;
  }

  /** The cached objects, as of the last event. */
  objects(): ReadonlyArray<CachedObject> {
    return this.informer.list();
  }

  start() {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.stopSignal = new AbortController();
    this.launch();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.pacing) {
      clearTimeout(this.pacing.timer);
      this.pacing.resolve();
    }
    this.stopSignal.abort();
    await this.informer.stop();
    this.watcher.abortOpen();
    await this.running;
    this.settleListWaiters();
  }

  /**
   * Lists the kind afresh now, even when its watch looks healthy, and resolves when that
   * list has succeeded or failed.
   */
  relist(): Promise<void> {
    if (this.isStopped) return Promise.resolve();
    const listed = new Promise<void>(resolve => this.listWaiters.push(resolve));
    if (this.listInFlight) return listed;
    this.relistRequested = true;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.launch();
    } else {
      // Ends the open watch; its done handler turns the request into a 410.
      this.watcher.abortOpen();
    }
    return listed;
  }

  private launch() {
    this.running = this.informer.start().catch(error => {
      if (this.isStopped) return;
      this.fail(error);
      this.scheduleRestart();
    });
  }

  private async list(): Promise<
    k8s.KubernetesListObject<CachedObject & k8s.KubernetesObject>
  > {
    this.listInFlight = true;
    this.relistRequested = false;
    try {
      const raw = await requestRaw(
        this.options.kubeConfig,
        this.options.definition.list,
        {
          signal: this.stopSignal.signal,
          timeoutMs: this.options.timing.requestTimeoutMs,
          onRequest: () => this.options.countRequest(),
        },
      );
      const items = Array.isArray(raw.items) ? raw.items : [];
      const metadata = (raw.metadata ?? {}) as k8s.V1ListMeta;
      this.justListed = true;
      return {
        metadata,
        items: items.map(item =>
          this.options.definition.slim(item as JsonObject),
        ),
      };
    } catch (error) {
      if (!this.isStopped) this.fail(error);
      this.settleListWaiters();
      throw error;
    } finally {
      this.listInFlight = false;
    }
  }

  private watchOwner(): WatchOwner {
    return {
      stopped: () => this.isStopped,
      watchRequested: () => {
        if (this.justListed) {
          this.justListed = false;
          this.options.onListed();
          this.settleListWaiters();
        }
      },
      takeRelistRequest: () => {
        const requested = this.relistRequested;
        this.relistRequested = false;
        return requested;
      },
      relistPending: () => this.relistRequested,
      paceReconnect: () => {
        // ListWatch reopens a cleanly closed watch at once; a server or proxy that
        // closes every watch right away would make that a busy loop.
        if (this.quickEnds === 0) return Promise.resolve();
        const delay = retryDelay(this.quickEnds - 1, this.options.timing.retry);
        return new Promise<void>(resolve => {
          const timer = setTimeout(() => {
            this.pacing = undefined;
            resolve();
          }, delay);
          this.pacing = { timer, resolve };
        });
      },
      watchQuery: () => {
        const max = this.options.timing.watchTimeoutSeconds;
        return {
          allowWatchBookmarks: true,
          timeoutSeconds: Math.ceil(max / 2 + (Math.random() * max) / 2),
        };
      },
      countRequest: () => this.options.countRequest(),
      slimEvent: (phase, object) => {
        if (phase === 'ERROR') {
          const code = (object as { code?: unknown } | null)?.code;
          if (code === 410) {
            // The view is stale until ListWatch has listed again.
            this.expired = true;
            this.currentStatus = { state: 'pending' };
          }
          return object;
        }
        return (phase === 'ADDED' ||
          phase === 'MODIFIED' ||
          phase === 'DELETED') &&
          typeof object === 'object' &&
          object !== null
          ? this.options.definition.slim(object as JsonObject)
          : object;
      },
      watchOpened: () => {
        this.openedAt = Date.now();
        this.expired = false;
        this.failedAttempts = 0;
        this.currentStatus = { state: 'synced' };
        this.options.onStatusChange();
      },
      watchEnded: (error, wasOpen) => {
        if (this.isStopped) return error;
        if (this.relistRequested && wasOpen) {
          this.relistRequested = false;
          return goneError();
        }
        // A watch ended by 410 Gone is a normal way to learn that a list is due.
        if (wasOpen && !this.expired) {
          this.quickEnds =
            Date.now() - this.openedAt < 1000 ? this.quickEnds + 1 : 0;
        }
        const statusCode = (error as { statusCode?: unknown } | undefined)
          ?.statusCode;
        // A watch that broke after it was open is retried without changing the
        // status: one dropped connection is not an outage. The retry decides.
        if (error && statusCode !== 410 && !wasOpen) this.fail(error);
        return error;
      },
    };
  }

  private fail(error: unknown) {
    const failure = describeConnectionFailure(this.options.cluster, error);
    const previous = this.currentStatus;
    this.currentStatus = { state: 'failed', failure };
    if (
      previous.state !== 'failed' ||
      previous.failure.reason !== failure.reason
    ) {
      this.options.logger.debug(
        `${this.options.definition.kind} list+watch failed: ${failure.reason}`,
      );
    }
    this.options.onStatusChange();
  }

  private scheduleRestart() {
    if (this.isStopped || this.retryTimer) return;
    const delay = retryDelay(this.failedAttempts, this.options.timing.retry);
    this.failedAttempts += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.isStopped) this.launch();
    }, delay);
  }

  private settleListWaiters() {
    const waiters = this.listWaiters;
    this.listWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
