export { GuardStatusChip } from './GuardStatusChip';
export { GuardDialog } from './GuardDialog';
export type { GuardAction } from './GuardDialog';
export { describeGuard } from './describeGuard';
export { guardObjects } from './guardObjects';
export { canInstallGuard, guardStatusOf } from './guardStatusOf';
export { newerGuard } from './newerGuard';
