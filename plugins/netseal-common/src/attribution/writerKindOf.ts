import type { WriterKind } from './types';

/**
 * Field managers that are people at a client. kubectl names its writes `kubectl` or
 * `kubectl-<command>` (`kubectl-edit`, `kubectl-client-side-apply`, `kubectl-patch`,
 * `kubectl-label`, …); k9s writes as `k9s`; the API server names a write without a
 * `fieldManager` after the User-Agent's program, which is `Mozilla` for a browser (the
 * Kubernetes dashboard, Headlamp and other web consoles).
 * @public
 */
export const MANUAL_FIELD_MANAGERS: readonly string[] = [
  'kubectl',
  'kubectl-*',
  'k9s',
  'Mozilla',
];

/**
 * Whether a field manager is a person at a client (`manual`) or a program acting on its
 * own (`controller`): every manager not in `MANUAL_FIELD_MANAGERS` is a controller, as
 * operators, GitOps tools and Netseal itself write under their own names. An empty
 * manager is `unknown`.
 * @public
 */
export function writerKindOf(manager: string | undefined): WriterKind {
  if (!manager) return 'unknown';
  const manual = MANUAL_FIELD_MANAGERS.some(pattern =>
    pattern.endsWith('*')
      ? manager.startsWith(pattern.slice(0, -1))
      : manager === pattern,
  );
  return manual ? 'manual' : 'controller';
}
