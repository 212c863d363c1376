import { Worker } from 'node:worker_threads';
import {
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  ClusterAccessAnalysis,
  ClusterAccessInput,
  RequestChange,
  RequestContext,
  RequestValidation,
} from '@netseal/backstage-plugin-netseal-common';

/** The worker's file: plain JavaScript shipped with the package (see its header). */
export const requestWorkerFile = resolvePackagePath(
  '@netseal/backstage-plugin-netseal-backend',
  'workers/requestWorker.js',
);

/** The jobs the worker runs: netseal-common's pure functions of the same names. */
export interface RequestJobs {
  analyseClusterAccess: {
    input: ClusterAccessInput;
    result: ClusterAccessAnalysis;
  };
  validateRequestChanges: {
    input: { changes: readonly RequestChange[]; context: RequestContext };
    result: RequestValidation;
  };
}

/** How large a job said it is, before its costly part. */
export type JobSizing = { ports: number; peers: number };

/**
 * The error a job answers with when it runs past its time or its memory; `reason` is a
 * verb phrase: "ran longer than 30 s", "ran out of memory".
 */
export type TooLongError = (details: {
  sizing?: JobSizing;
  reason: string;
}) => Error;

interface Task {
  id: number;
  job: keyof RequestJobs;
  input: unknown;
  resolve(result: unknown): void;
  reject(error: Error): void;
  tooLong: TooLongError;
  sizing?: JobSizing;
}

type WorkerMessage =
  | { id: number; sizing: JobSizing }
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string } };

/** One thread and the task it runs, if any. */
interface Slot {
  worker: Worker;
  task?: Task;
  timer?: NodeJS.Timeout;
}

/**
 * The CPU-heavy steps of requests (validation and resealing, access analysis) run in a
 * small pool of worker threads, so that a request whose work takes seconds never holds
 * the event loop that answers everyone else. Each job has a time budget: past it, its
 * thread is stopped (and replaced) and the job fails with the caller's "too large"
 * error. Waiting jobs queue in order, up to a bound; beyond it the answer is 503, try
 * again. Threads are unref'ed, started on first use, and stopped by `close`.
 */
export class RequestWorkers {
  readonly #size: number;
  readonly #timeoutMs: number;
  readonly #maxQueue: number;
  readonly #logger: LoggerService;
  readonly #file: string;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: {
    /** Threads; at least 1. */
    size: number;
    /** How long one job may run before it is stopped. */
    timeoutMs: number;
    /** Jobs that may wait for a thread; more are refused with 503. */
    maxQueue?: number;
    logger: LoggerService;
    /** The worker's file; the shipped one by default. */
    file?: string;
  }) {
    this.#size = Math.max(1, Math.floor(options.size));
    this.#timeoutMs = options.timeoutMs;
    this.#maxQueue = options.maxQueue ?? 32;
    this.#logger = options.logger;
    this.#file = options.file ?? requestWorkerFile;
  }

  /**
   * Runs one job in a thread. Rejects with `tooLong`'s error past the time budget or the
   * memory, with 503 when too many jobs wait; never hangs.
   */
  run<J extends keyof RequestJobs>(
    job: J,
    input: RequestJobs[J]['input'],
    tooLong: TooLongError,
  ): Promise<RequestJobs[J]['result']> {
    if (this.#closed) {
      return Promise.reject(
        new ServiceUnavailableError(
          'the backend is stopping, so the request cannot be worked out; try again in a moment',
        ),
      );
    }
    if (this.#queue.length >= this.#maxQueue) {
      return Promise.reject(
        new ServiceUnavailableError(
          `${
            this.#queue.length
          } requests are already waiting to be validated or analysed; try again in a moment`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({
        id: this.#nextId++,
        job,
        input,
        resolve: resolve as (result: unknown) => void,
        reject,
        tooLong,
      });
      this.#dispatch();
    });
  }

  /** Stops every thread; jobs still waiting or running are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    const stopping = new ServiceUnavailableError(
      'the backend is stopping, so the request cannot be worked out; try again in a moment',
    );
    for (const task of this.#queue.splice(0)) task.reject(stopping);
    await Promise.all(
      this.#slots.splice(0).map(slot => {
        clearTimeout(slot.timer);
        slot.task?.reject(stopping);
        return slot.worker.terminate();
      }),
    );
  }

  #dispatch() {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find(candidate => !candidate.task);
      if (!slot && this.#slots.length < this.#size) {
        slot = this.#spawn();
      }
      if (!slot) return;
      const task = this.#queue.shift()!;
      this.#run(slot, task);
    }
  }

  #spawn(): Slot {
    // No execArgv of the parent: a test runner's or debugger's flags are not a worker's.
    const worker = new Worker(this.#file, { execArgv: [] });
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (message: WorkerMessage) =>
      this.#onMessage(slot, message),
    );
    worker.on('error', error =>
      this.#onExit(
        slot,
        error instanceof Error ? error : new Error(String(error)),
      ),
    );
    worker.on('exit', code =>
      this.#onExit(
        slot,
        new Error(`the worker thread stopped (exit code ${code})`),
      ),
    );
    this.#slots.push(slot);
    return slot;
  }

  #run(slot: Slot, task: Task) {
    slot.task = task;
    slot.timer = setTimeout(() => this.#timeOut(slot, task), this.#timeoutMs);
    slot.timer.unref();
    slot.worker.postMessage({ id: task.id, job: task.job, input: task.input });
  }

  #onMessage(slot: Slot, message: WorkerMessage) {
    const task = slot.task;
    if (!task || task.id !== message.id) return;
    if ('sizing' in message) {
      task.sizing = message.sizing;
      return;
    }
    clearTimeout(slot.timer);
    slot.task = undefined;
    if ('result' in message) {
      task.resolve(message.result);
    } else {
      task.reject(
        new Error(
          `${task.job} failed in a worker thread: ${message.error.name}: ${message.error.message}`,
        ),
      );
    }
    this.#dispatch();
  }

  #timeOut(slot: Slot, task: Task) {
    if (slot.task !== task) return;
    this.#logger.warn(
      `${task.job} ran longer than ${this.#timeoutMs} ms and was stopped${
        task.sizing
          ? ` (${task.sizing.ports} ports × ${task.sizing.peers} peers)`
          : ''
      }`,
    );
    slot.task = undefined;
    this.#retire(slot);
    task.reject(
      task.tooLong({
        sizing: task.sizing,
        reason: `ran longer than ${
          this.#timeoutMs < 1000
            ? `${this.#timeoutMs} ms`
            : `${Math.round(this.#timeoutMs / 1000)} s`
        }`,
      }),
    );
    this.#dispatch();
  }

  /** A thread that died (out of memory, a crash) fails its task and is replaced. */
  #onExit(slot: Slot, error: Error) {
    if (!this.#slots.includes(slot)) return;
    const task = slot.task;
    slot.task = undefined;
    this.#retire(slot);
    if (task) {
      this.#logger.warn(
        `${task.job} failed in a worker thread: ${error.message}`,
      );
      task.reject(
        (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? task.tooLong({ sizing: task.sizing, reason: 'ran out of memory' })
          : new Error(
              `${task.job} failed in a worker thread: ${error.message}`,
            ),
      );
    }
    if (!this.#closed) this.#dispatch();
  }

  #retire(slot: Slot) {
    clearTimeout(slot.timer);
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    // Its listeners stay: an error it still emits meets #onExit, which ignores it.
    slot.worker.terminate().catch(() => {});
  }
}
