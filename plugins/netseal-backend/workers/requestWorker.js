// @ts-check
'use strict';

/*
 * A worker thread of the request service (see src/requests/RequestWorkers.ts). It runs
 * the CPU-heavy, pure steps of a request, netseal-common's validateRequestChanges (YAML
 * parsing, validation and resealing of up to 1 MiB of manifests) and
 * analyseClusterAccess (seconds of CPU on a large cluster), so that the backend's event
 * loop keeps answering everyone else meanwhile.
 *
 * Plain JavaScript, shipped as it is (package.json `files`), because a worker is started
 * from a file, and the backend's own sources are bundled into dist/, no file to start.
 * In this repository (development, `yarn start`, and Jest, whose transform does not reach
 * worker threads) the workspace packages' `main` is TypeScript, so the worker registers
 * Backstage's Node transform first, as the benches do with `-r`. An installed backend
 * loads netseal-common's built JavaScript and needs no transform.
 */
const fs = require('node:fs');
const os = require('node:os');
const { parentPort } = require('node:worker_threads');

// On Linux a thread has a priority of its own: this one yields the CPU to the thread of
// the event loop, so a request that costs seconds here costs the other requests little
// even when the machine has no core to spare. Elsewhere it runs at normal priority.
try {
  const thread = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  os.setPriority(thread, 10);
} catch {
  // No /proc/thread-self, or not allowed: normal priority.
}

if (
  require.resolve('@netseal/backstage-plugin-netseal-common').endsWith('.ts')
) {
  require('@backstage/cli/config/nodeTransform.cjs');
}

const {
  analyseClusterAccess,
  validateRequestChanges,
} = require('@netseal/backstage-plugin-netseal-common');

if (!parentPort) {
  throw new Error('requestWorker.js runs as a worker thread only');
}
const port = parentPort;

/** @type {Record<string, (input: any, id: number) => unknown>} */
const jobs = {
  analyseClusterAccess: (input, id) =>
    analyseClusterAccess(input, {
      onSized: sizing => port.postMessage({ id, sizing }),
    }),
  validateRequestChanges: input =>
    validateRequestChanges(input.changes, input.context),
};

port.on('message', ({ id, job, input }) => {
  try {
    const run = jobs[job];
    if (!run) throw new Error(`no job ${job}`);
    port.postMessage({ id, result: run(input, id) });
  } catch (error) {
    const { name, message } =
      error instanceof Error ? error : new Error(String(error));
    port.postMessage({ id, error: { name, message } });
  }
});
