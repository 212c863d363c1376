import type { ClusterGuard } from '@netseal/backstage-plugin-netseal-common';

/**
 * What a platform engineer needs to judge a cluster's guard, one fact a line: why it is
 * not protecting (with the fix, in the backend's words), the version installed against
 * the one expected, and the rollout identity it lets replace sealed policies.
 */
export function describeGuard(guard: ClusterGuard | undefined): string[] {
  if (!guard) {
    return [
      'The backend reports no guard for this cluster: it has not checked it yet, or it predates the guard.',
    ];
  }
  const lines: string[] = [];
  if (guard.reason) {
    lines.push(guard.reason);
  }
  if (guard.installed) {
    lines.push(
      guard.version === guard.expectedVersion
        ? `Guard version ${guard.expectedVersion} installed.`
        : `Guard version ${guard.version ?? 'unlabelled'} installed, ${
            guard.expectedVersion
          } expected.`,
    );
    if (!guard.bound) {
      lines.push('Not bound: it validates nothing.');
    } else if (!guard.enforcing) {
      lines.push('Bound but not enforcing: edits are not denied.');
    }
  } else if (guard.status !== 'unknown') {
    lines.push(
      `No guard installed; version ${guard.expectedVersion} is expected.`,
    );
  }
  if (guard.rolloutUser) {
    lines.push(`Lets ${guard.rolloutUser} replace sealed policies.`);
  }
  return lines;
}
