import {
  outdatedGuard,
  protectedGuard,
  unprotectedGuard,
} from '../../__fixtures__/guards';
import { describeGuard } from './describeGuard';

describe('describeGuard', () => {
  it('gives the version installed against the one expected, and whom it lets replace sealed policies', () => {
    expect(describeGuard(protectedGuard)).toEqual([
      'Guard version 2 installed.',
      'Lets system:serviceaccount:netseal-system:netseal-rollout replace sealed policies.',
    ]);
    expect(describeGuard(outdatedGuard)).toEqual([
      outdatedGuard.reason,
      'Guard version 1 installed, 2 expected.',
      'Lets system:serviceaccount:netseal-system:old-rollout replace sealed policies.',
    ]);
  });

  it('says when an installed guard is not bound or does not deny', () => {
    const unbound = { ...unprotectedGuard, installed: true, version: '2' };
    expect(describeGuard(unbound)).toContain(
      'Not bound: it validates nothing.',
    );
    const warnOnly = { ...unbound, bound: true };
    expect(describeGuard(warnOnly)).toContain(
      'Bound but not enforcing: edits are not denied.',
    );
  });

  it('says a guard was never reported rather than calling it protected', () => {
    expect(describeGuard(undefined)).toEqual([
      expect.stringMatching(/reports no guard/),
    ]);
  });
});
