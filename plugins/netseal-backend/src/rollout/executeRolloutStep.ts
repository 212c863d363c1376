import { ConflictError } from '@backstage/errors';
import {
  computeSeal,
  NetworkPolicy,
  RolloutStep,
} from '@netseal/backstage-plugin-netseal-common';
import { KubernetesApiError } from '../clusters/KubernetesApiError';
import type { RolloutPolicyClient } from './RolloutPolicyClient';

function statusOf(error: unknown): number | undefined {
  return error instanceof KubernetesApiError ? error.statusCode : undefined;
}

/** Thrown when the object read back vanished between two calls; the step is retried. */
export class ObjectVanishedError extends Error {
  constructor(namespace: string, name: string) {
    super(
      `${namespace}/${name} answered AlreadyExists, then was gone when read back`,
    );
    this.name = 'ObjectVanishedError';
  }
}

/** A create met another object under the policy's name: the rollout created nothing there. */
export class NameTakenError extends ConflictError {}

/** Creates the policy; an object already there under its name must be the same one. */
async function create(
  client: RolloutPolicyClient,
  namespace: string,
  policy: NetworkPolicy,
  what: string,
): Promise<void> {
  const name = policy.metadata.name!;
  try {
    await client.create(namespace, policy);
    return;
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
  }
  // An earlier run may have created it before a crash: that is success only if it is the
  // very object this step creates.
  let existing: NetworkPolicy;
  try {
    existing = (await client.read(namespace, name)) as unknown as NetworkPolicy;
  } catch (error) {
    if (statusOf(error) === 404) throw new ObjectVanishedError(namespace, name);
    throw error;
  }
  const expected = computeSeal(policy);
  const found = computeSeal(existing);
  if (found !== expected) {
    throw new NameTakenError(
      `cannot create ${what} ${namespace}/${name}: another NetworkPolicy of that name exists, with canonical digest ${found} instead of ${expected}; delete or rename it in namespace ${namespace}, then run the rollout again`,
    );
  }
}

async function remove(
  client: RolloutPolicyClient,
  namespace: string,
  name: string,
): Promise<void> {
  try {
    await client.delete(namespace, name);
  } catch (error) {
    // Already gone, e.g. deleted by a run that crashed before recording it.
    if (statusOf(error) !== 404) throw error;
  }
}

async function verify(
  client: RolloutPolicyClient,
  namespace: string,
  name: string,
  seal: string,
): Promise<void> {
  let live: NetworkPolicy;
  try {
    live = (await client.read(namespace, name)) as unknown as NetworkPolicy;
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new ConflictError(
        `verify ${namespace}/${name}: the policy is not in the cluster after it was created; something deleted it (another rollout, a controller or a person)`,
      );
    }
    throw error;
  }
  const digest = computeSeal(live);
  if (digest !== seal) {
    throw new ConflictError(
      `verify ${namespace}/${name}: the live policy's canonical digest ${digest} differs from its seal ${seal}; something changed it on or after creation (a mutating admission webhook, a controller or a person)`,
    );
  }
}

/**
 * Runs one step against the cluster. Every step is idempotent, so a step that ran before a
 * crash, wholly or in part, can run again: a create meets its own object, a delete meets
 * nothing. A `ConflictError` is final; any other error may pass with a retry.
 */
export async function executeRolloutStep(
  client: RolloutPolicyClient,
  step: RolloutStep,
): Promise<void> {
  switch (step.kind) {
    case 'create-guard':
      return create(client, step.namespace, step.guard, 'the guard');
    case 'create':
      return create(client, step.namespace, step.policy, 'the sealed policy');
    case 'delete':
    case 'delete-guard':
      return remove(client, step.namespace, step.name);
    case 'verify':
      return verify(client, step.namespace, step.name, step.seal);
    default:
      throw new ConflictError(
        `unknown rollout step kind '${String(
          (step as { kind?: unknown }).kind,
        )}'; this backend cannot run the plan`,
      );
  }
}
