import type {
  NewReplacementRequest,
  RequestPreview,
} from '@netseal/backstage-plugin-netseal-common';
import { policyId } from './draftChange';

type RequestProblem = NonNullable<RequestPreview['problems']>[number];
type RequestChange = NewReplacementRequest['changes'][number];

const NON_ISOLATION_FIELD = /^changes\[(\d+)\]\.acknowledgeNonIsolation$/;

/** The server refuses a removal that leaves pods non-isolated until the requester acknowledges it. */
export function isNonIsolationProblem(problem: RequestProblem): boolean {
  return NON_ISOLATION_FIELD.test(problem.field);
}

/**
 * The server's non-isolation problems, by the `policyId` of the change each names, with
 * its message (which names the pods). Problems of changes not in `changes` are left out.
 */
export function nonIsolationWarnings(
  problems: readonly RequestProblem[],
  changes: readonly RequestChange[],
): Record<string, string> {
  const warnings: Record<string, string> = {};
  for (const problem of problems) {
    const index = NON_ISOLATION_FIELD.exec(problem.field)?.[1];
    const change = index === undefined ? undefined : changes[Number(index)];
    if (change) {
      warnings[policyId(change)] = problem.message;
    }
  }
  return warnings;
}
