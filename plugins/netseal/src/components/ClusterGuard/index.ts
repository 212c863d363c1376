export { GuardStatusChip } from './GuardStatusChip';
export { describeGuard } from './describeGuard';
export { canInstallGuard, guardStatusOf } from './guardStatusOf';
export { newerGuard } from './newerGuard';
