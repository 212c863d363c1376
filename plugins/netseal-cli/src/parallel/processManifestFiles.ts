import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ManifestFileRef } from '../manifests/ManifestFileRef';
import { FILE_JOB_WORKER, FileJobWorkerData } from './fileJobWorker';
import {
  FileJobName,
  FileJobs,
  ProcessedFile,
  processOneFile,
} from './processOneFile';

/**
 * Below this much YAML the main thread is done before a worker thread has loaded netseal
 * (some 50–100 ms): about a thousand policies.
 */
const MIN_BYTES_FOR_WORKERS = 2 * 1024 * 1024;
const MAX_WORKERS = 7;

/**
 * How many worker threads pay for these files: NETSEAL_WORKERS when set; otherwise one per
 * idle core beyond the main thread's, by the 1-minute load average, for large inputs only.
 * On a busy machine a second thread only competes with the first (and warms up netseal a
 * second time), so there it is none.
 */
async function workersFor(
  refs: readonly ManifestFileRef[],
  env: Record<string, string | undefined>,
): Promise<number> {
  const requested = env.NETSEAL_WORKERS;
  if (requested !== undefined && /^\d+$/.test(requested)) {
    return Math.max(
      0,
      Math.min(Number(requested), refs.length - 1, MAX_WORKERS),
    );
  }
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const idleCores = Math.floor(cores - os.loadavg()[0] - 0.5);
  const workers = Math.min(idleCores, cores - 1, refs.length - 1, MAX_WORKERS);
  if (workers < 1) {
    return 0;
  }
  let bytes = 0;
  for (const ref of refs) {
    bytes += await fs.stat(ref.absolute).then(
      stats => stats.size,
      () => 0,
    );
  }
  return bytes < MIN_BYTES_FOR_WORKERS ? 0 : workers;
}

/** A worker thread running this very code: the bundle as it is, or the sources through the transform. */
function startWorker<N extends FileJobName>(
  data: FileJobWorkerData<N>,
): {
  worker: Worker;
  results: Promise<ProcessedFile<FileJobs[N]['outcome']>[]>;
} {
  const worker = __filename.endsWith('.ts')
    ? new Worker(
        `require(${JSON.stringify(
          // Built from parts, so that bundling leaves this development-only path alone.
          require.resolve(
            ['@backstage/cli', 'config/nodeTransform.cjs'].join('/'),
          ),
        )}); require(${JSON.stringify(
          // Only for the sources, where __dirname is this file's directory.
          // eslint-disable-next-line no-restricted-syntax
          path.join(__dirname, 'fileJobWorker.ts'),
        )});`,
        { eval: true, workerData: data },
      )
    : new Worker(__filename, { workerData: data });
  const results = new Promise<ProcessedFile<FileJobs[N]['outcome']>[]>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', code => {
        reject(
          new Error(
            `a netseal worker thread stopped (exit code ${code}) before it answered`,
          ),
        );
      });
    },
  );
  // Awaited once the main thread's share is done; until then a failure must not go unhandled.
  results.catch(() => undefined);
  return { worker, results };
}

/**
 * Runs a command's job on every file, and gives the results in the order of `refs`. On
 * large inputs, files are shared out between the main thread and worker threads (every
 * n-th file to each), since reading and assessing one file needs nothing from another;
 * the output is the same either way.
 */
export async function processManifestFiles<N extends FileJobName>(
  refs: readonly ManifestFileRef[],
  name: N,
  options: FileJobs[N]['options'],
  env: Record<string, string | undefined>,
): Promise<ProcessedFile<FileJobs[N]['outcome']>[]> {
  const workers = await workersFor(refs, env);
  const shares = Array.from({ length: workers + 1 }, (_, share) =>
    refs.filter((_ref, index) => index % (workers + 1) === share),
  );
  const started = shares
    .slice(1)
    .map(share =>
      startWorker<N>({ [FILE_JOB_WORKER]: true, refs: share, name, options }),
    );
  let results: ProcessedFile<FileJobs[N]['outcome']>[][];
  try {
    const fromMain: ProcessedFile<FileJobs[N]['outcome']>[] = [];
    for (const ref of shares[0]) {
      fromMain.push(await processOneFile(ref, name, options));
    }
    results = [
      fromMain,
      ...(await Promise.all(started.map(({ results: share }) => share))),
    ];
  } finally {
    await Promise.all(started.map(({ worker }) => worker.terminate()));
  }
  return refs.map(
    (_ref, index) =>
      results[index % (workers + 1)][Math.floor(index / (workers + 1))],
  );
}
