import fc from 'fast-check';
import {
  decideSelfHeal,
  selfHealBackOffMs,
  SelfHealLimits,
} from './decideSelfHeal';

const limits: SelfHealLimits = {
  maxPerCluster: 3,
  windowMs: 10 * 60_000,
  backOffMs: 60_000,
  maxBackOffMs: 60 * 60_000,
};
const at = new Date('2026-12-07T09:00:00Z');
const minutes = (count: number) => new Date(at.getTime() + count * 60_000);

function decide(now: Date, policyHeals: Date[], clusterHeals: Date[] = []) {
  return decideSelfHeal({
    now,
    policy: 'shop/allow-checkout in prod-eu',
    cluster: 'prod-eu',
    policyHeals,
    clusterHeals,
    limits,
  });
}

describe('decideSelfHeal', () => {
  it('heals a policy never self-healed, in a cluster under its limit', () => {
    expect(decide(at, [], [minutes(-5), minutes(-4)])).toEqual({ heal: true });
  });

  it('waits the back-off after the last self-heal of a policy that drifts again, saying why', () => {
    expect(decide(minutes(0.5), [at])).toEqual({
      heal: false,
      reason:
        'shop/allow-checkout in prod-eu drifted again after 1 self-heal (the last at 2026-12-07T09:00:00.000Z); something keeps changing it, so the next self-heal waits until 2026-12-07T09:01:00.000Z',
      notBefore: minutes(1),
    });
    expect(decide(minutes(1), [at])).toEqual({ heal: true });
  });

  it('doubles the back-off with each self-heal, up to the longest', () => {
    expect(
      [1, 2, 3, 4, 7, 8, 40].map(n => selfHealBackOffMs(n, limits)),
    ).toEqual([1, 2, 4, 8, 60, 60, 60].map(m => m * 60_000));
    expect(selfHealBackOffMs(0, limits)).toBe(0);
  });

  it('holds a cluster to its limit within the window, until the oldest self-heal leaves it', () => {
    const clusterHeals = [minutes(-9), minutes(-5), minutes(-1)];
    expect(decide(at, [], clusterHeals)).toEqual({
      heal: false,
      reason:
        'cluster prod-eu had 3 self-heals within 600 s, its limit (netseal.drift.selfHeal.maxPerCluster); shop/allow-checkout in prod-eu waits until 2026-12-07T09:01:00.000Z or a person restores it',
      notBefore: minutes(1),
    });
    expect(decide(minutes(1), [], clusterHeals)).toEqual({ heal: true });
  });

  it('never lets a cluster exceed its limit within any window, whatever the drift', () => {
    fc.assert(
      fc.property(
        // Minutes at which some policy of the cluster drifts.
        fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 60 }),
        drifts => {
          const healed: Date[] = [];
          for (const minute of [...drifts].sort((a, b) => a - b)) {
            const now = minutes(minute);
            if (decide(now, [], healed).heal) healed.push(now);
          }
          for (const start of healed) {
            const inWindow = healed.filter(
              other =>
                other >= start &&
                other.getTime() - start.getTime() < limits.windowMs,
            );
            expect(inWindow.length).toBeLessThanOrEqual(limits.maxPerCluster);
          }
        },
      ),
    );
  });

  it('never self-heals one policy twice within its back-off, however often it drifts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 80 }),
        drifts => {
          const healed: Date[] = [];
          const tooSoon: string[] = [];
          for (const minute of [...drifts].sort((a, b) => a - b)) {
            const now = minutes(minute);
            const recent = healed
              .filter(
                when =>
                  now.getTime() - when.getTime() < 2 * limits.maxBackOffMs,
              )
              .reverse();
            if (!decide(now, recent).heal) continue;
            const wait = selfHealBackOffMs(recent.length, limits);
            if (recent[0] && now.getTime() - recent[0].getTime() < wait) {
              tooSoon.push(now.toISOString());
            }
            healed.push(now);
          }
          expect(tooSoon).toEqual([]);
        },
      ),
    );
  });
});
