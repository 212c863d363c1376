import { computeSeal } from '@netseal/backstage-plugin-netseal-common';
import type {
  ChangeReview,
  MergedChange,
} from '@netseal/backstage-plugin-netseal-node';
import { stringify } from 'yaml';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import type { StoredRequest } from '../database/RequestStore';
import { judgeMergedChange } from './judgeMergedChange';

const onPort9443 = structuredClone(allowCheckout);
onPort9443.spec.ingress![0].ports = [{ port: 9443 }];
const newSeal = computeSeal(onPort9443);
const file = 'prod-eu/allow-checkout.yaml';

const request: StoredRequest = {
  id: '12',
  entityRef: 'component:default/payments',
  state: 'merged',
  reason: 'checkout moved',
  requester: 'user:default/jane',
  requesterLogin: 'jane-gh',
  changeRef: {
    providerId: 'github',
    policySourceUrl: 'https://github.com/acme/policies/tree/main/payments',
    branch: 'netseal/request-12',
    changeId: '7',
    url: 'https://github.com/acme/policies/pull/7',
  },
  changes: [
    {
      op: 'replace',
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      file,
      oldSeal: computeSeal(allowCheckout),
      newSeal,
      text: stringify(sealed(onPort9443)),
    },
  ],
  createdAt: new Date(),
  updatedAt: new Date(),
};

function approval(
  reviewer: string,
  counted: boolean,
  notCountedBecause?: ChangeReview['notCountedBecause'],
): ChangeReview {
  return {
    reviewer,
    decision: 'approved',
    commitSha: 'head',
    at: '2026-12-01T09:00:00Z',
    counted,
    ...(notCountedBecause ? { notCountedBecause } : {}),
  };
}

const valid: MergedChange = {
  state: 'merged',
  baseBranch: 'main',
  mergedInto: 'main',
  mergeCommitOnBase: true,
  mergeCommitSha: 'abc123',
  headSha: 'head',
  mergedBy: 'riley-gh',
  reviews: [approval('ana-gh', true)],
  approvals: 1,
  files: { [file]: stringify(sealed(onPort9443)) },
};

function judge(merged: Partial<MergedChange>, required = 1) {
  return judgeMergedChange({
    request,
    merged: { ...valid, ...merged },
    requiredApprovals: required,
  });
}

function reasonsOf(merged: Partial<MergedChange>, required = 1) {
  const judgement = judge(merged, required);
  return judgement.ok ? [] : judgement.reasons;
}

describe('judgeMergedChange', () => {
  it('lets a change merged into the base with its approvals and reviewed seals roll out, with the merged policy', () => {
    const judgement = judge({});
    expect(judgement.ok).toBe(true);
    if (!judgement.ok) return;
    expect(judgement.approvedBy).toEqual(['ana-gh']);
    expect(
      judgement.mergedPolicies.get('prod-eu/shop/allow-checkout')?.spec,
    ).toEqual(onPort9443.spec);
  });

  it('refuses a change that is not merged', () => {
    expect(reasonsOf({ state: 'approved' })).toEqual([
      'change 7 is approved, not merged; only a merged change rolls out',
    ]);
  });

  it('refuses a change merged into another branch than the policy source', () => {
    expect(reasonsOf({ mergedInto: 'release' })).toEqual([
      'change 7 was merged into release, not into main, the branch of the policy source',
    ]);
  });

  it('refuses a merge commit that is no longer on the base branch', () => {
    expect(reasonsOf({ mergeCommitOnBase: false })).toEqual([
      'the merge commit abc123 is not on main; it was force-pushed away or never landed there',
    ]);
  });

  it.each([
    ['requester', "jane-gh's approval is the requester's own"],
    [
      'stale',
      "jane-gh's approval was given for an older commit than the merged head",
    ],
    [
      'no-write-access',
      "jane-gh's approval is by a user without write access to the repository",
    ],
    [
      'withdrawn',
      "jane-gh's approval was withdrawn by a later request for changes",
    ],
  ] as const)(
    'refuses too few approvals, saying why an approval of kind %s does not count',
    (why, words) => {
      expect(
        reasonsOf({ reviews: [approval('jane-gh', false, why)], approvals: 0 }),
      ).toEqual([`change 7 has 0 of the 1 approvals it needs (${words})`]);
    },
  );

  it('counts against the approvals required, not against one', () => {
    expect(reasonsOf({}, 2)).toEqual([
      'change 7 has 1 of the 2 approvals it needs',
    ]);
  });

  it('refuses merged manifests that do not carry the reviewed seal', () => {
    const edited = structuredClone(onPort9443);
    edited.spec.ingress![0].ports = [{ port: 1 }];
    // Resealed after review: sealed, but not what was reviewed.
    expect(reasonsOf({ files: { [file]: stringify(sealed(edited)) } })).toEqual(
      [
        `shop/allow-checkout in ${file} at abc123 has seal ${computeSeal(
          edited,
        )}, not the reviewed seal ${newSeal}`,
      ],
    );
    // Edited after review without resealing.
    const stale = sealed(onPort9443);
    stale.spec.ingress![0].ports = [{ port: 1 }];
    expect(reasonsOf({ files: { [file]: stringify(stale) } })).toEqual([
      `shop/allow-checkout in ${file} at abc123 has seal ${newSeal}, which does not match its content, not the reviewed seal ${newSeal}`,
    ]);
  });

  it('refuses a merge whose file lost the policy, or cannot be read', () => {
    expect(reasonsOf({ files: { [file]: null } })).toEqual([
      `${file} at abc123 does not hold shop/allow-checkout`,
    ]);
    expect(reasonsOf({ files: { [file]: 'kind: [' } })[0]).toMatch(
      new RegExp(`^${file} cannot be read as merged`),
    );
  });

  it('refuses a removal whose merged file still holds the policy', () => {
    const removal: StoredRequest = {
      ...request,
      changes: [{ ...request.changes[0], op: 'remove', newSeal: undefined }],
    };
    expect(
      judgeMergedChange({
        request: removal,
        merged: {
          ...valid,
          files: { [file]: stringify(sealed(allowCheckout)) },
        },
        requiredApprovals: 1,
      }),
    ).toEqual({
      ok: false,
      reasons: [
        `${file} at abc123 still holds shop/allow-checkout, which the request removes`,
      ],
    });
    expect(
      judgeMergedChange({
        request: removal,
        merged: { ...valid, files: { [file]: null } },
        requiredApprovals: 1,
      }).ok,
    ).toBe(true);
  });

  it('names every reason at once', () => {
    expect(
      reasonsOf({
        mergedInto: 'release',
        mergeCommitOnBase: false,
        approvals: 0,
        reviews: [],
      }),
    ).toHaveLength(3);
  });
});
