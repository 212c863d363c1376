export { GuardStatusChip } from './GuardStatusChip';
export { describeGuard } from './describeGuard';
export { canInstallGuard, guardStatusOf } from './guardStatusOf';
export { newerGuard } from './newerGuard';
export { UninstallGuardButton } from './UninstallGuardButton';
export { UninstallGuardDialog } from './UninstallGuardDialog';
export { useGuardUninstall } from './useGuardUninstall';
export type { GuardUninstall } from './useGuardUninstall';
