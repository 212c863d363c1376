/** The limits self-heal keeps (`netseal.drift.selfHeal`). */
export interface SelfHealLimits {
  maxPerCluster: number;
  windowMs: number;
  backOffMs: number;
  maxBackOffMs: number;
}

/** Whether to self-heal a policy now, or why not and from when it may. */
export type SelfHealDecision =
  | { heal: true }
  | { heal: false; reason: string; notBefore: Date };

/**
 * The wait after a policy's last self-heal, when it has been self-healed `count` times
 * within twice the longest back-off: `backOffMs`, doubled for each self-heal after the
 * first, never more than `maxBackOffMs`.
 */
export function selfHealBackOffMs(count: number, limits: SelfHealLimits) {
  if (count <= 0) return 0;
  // Beyond 2^30 the cap holds anyway; the exponent is bounded to keep the number finite.
  return Math.min(
    limits.backOffMs * 2 ** Math.min(count - 1, 30),
    limits.maxBackOffMs,
  );
}

/**
 * Self-heal's rules, as a pure function of what happened:
 * - a cluster gets at most `maxPerCluster` self-heals within `windowMs` (a burst of drift
 *   is left for a person to look at, not replaced wholesale);
 * - a policy self-healed before waits {@link selfHealBackOffMs} after its last one, so a
 *   controller that keeps changing it back is not fought at full speed.
 *
 * `policyHeals` are the policy's self-heals within twice `maxBackOffMs`, newest first;
 * `clusterHeals` the times of the cluster's within `windowMs`, in any order.
 */
export function decideSelfHeal(input: {
  now: Date;
  policy: string;
  cluster: string;
  policyHeals: readonly Date[];
  clusterHeals: readonly Date[];
  limits: SelfHealLimits;
}): SelfHealDecision {
  const { now, limits } = input;
  const [last] = input.policyHeals;
  if (last) {
    const wait = selfHealBackOffMs(input.policyHeals.length, limits);
    const notBefore = new Date(last.getTime() + wait);
    if (now < notBefore) {
      return {
        heal: false,
        reason: `${input.policy} drifted again after ${
          input.policyHeals.length
        } self-heal${
          input.policyHeals.length === 1 ? '' : 's'
        } (the last at ${last.toISOString()}); something keeps changing it, so the next self-heal waits until ${notBefore.toISOString()}`,
        notBefore,
      };
    }
  }
  const recent = input.clusterHeals
    .filter(at => now.getTime() - at.getTime() < limits.windowMs)
    .sort((a, b) => a.getTime() - b.getTime());
  if (recent.length >= limits.maxPerCluster) {
    // The oldest of the window must leave it before another fits.
    const notBefore = new Date(
      recent[recent.length - limits.maxPerCluster].getTime() + limits.windowMs,
    );
    return {
      heal: false,
      reason: `cluster ${input.cluster} had ${
        recent.length
      } self-heals within ${
        limits.windowMs / 1000
      } s, its limit (netseal.drift.selfHeal.maxPerCluster); ${
        input.policy
      } waits until ${notBefore.toISOString()} or a person restores it`,
      notBefore,
    };
  }
  return { heal: true };
}
