// A stand-in for a worker thread that dies in the middle of an analysis.
const { parentPort } = require('node:worker_threads');

parentPort.on('message', () => {
  process.exit(3);
});
