// A stand-in for an analysis that never ends: it reports a size, then keeps its thread
// busy until the pool stops it. Plain JavaScript, as worker files are.
const { parentPort } = require('node:worker_threads');

parentPort.on('message', ({ id }) => {
  parentPort.postMessage({ id, sizing: { ports: 12000, peers: 40 } });
  for (;;) {
    // Busy, as a long analysis is.
  }
});
