import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ManifestFileRef } from '../manifests/ManifestFileRef';
import { FileJobName, FileJobs, processOneFile } from './processOneFile';

/** Marks the workerData of netseal's file workers; a thread that carries it serves files. */
export const FILE_JOB_WORKER = 'netsealFileJobWorker';

/** What a file worker is given: its share of the files, and the job. */
export interface FileJobWorkerData<N extends FileJobName> {
  [FILE_JOB_WORKER]: true;
  refs: ManifestFileRef[];
  name: N;
  options: FileJobs[N]['options'];
}

async function serve<N extends FileJobName>(
  data: FileJobWorkerData<N>,
): Promise<void> {
  const results = [];
  for (const ref of data.refs) {
    results.push(await processOneFile(ref, data.name, data.options));
  }
  parentPort?.postMessage(results);
}

// Loaded into a worker thread (the bundle itself, or these sources through the transform),
// this module serves the files it is given and the thread ends. An error rejects the
// thread, and the main thread reports it.
if (!isMainThread && workerData?.[FILE_JOB_WORKER]) {
  serve(workerData).catch(error => {
    throw error;
  });
}
