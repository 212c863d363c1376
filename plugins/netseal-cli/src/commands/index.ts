// Every command, loaded only when one runs: `netseal --version` and `--help` need commander
// alone. The bundle keeps these in a file of their own (dist/commands.cjs.js).
export { diffCommand } from './diffCommand';
export { digestCommand } from './digestCommand';
export { guardCommand } from './guardCommand';
export { reachCommand } from './reachCommand';
export { sealCommand } from './sealCommand';
export { verifyCommand } from './verifyCommand';
export { attestVerifyCommand } from './attestCommand';
