import { ChangeReview } from './NetsealChangeProvider';
import { markCountedApprovals } from './markCountedApprovals';

const requester = { userEntityRef: 'user:default/jane', login: 'jane-gh' };
const head = 'c0ffee';

function review(
  reviewer: string,
  decision: ChangeReview['decision'],
  at: string,
  commitSha = head,
): ChangeReview {
  return { reviewer, decision, commitSha, at: `2026-01-01T00:00:${at}Z` };
}

const countedOf = (reviews: ChangeReview[]) =>
  markCountedApprovals({ requester, headSha: head, reviews }).map(
    r => `${r.reviewer} ${r.decision} ${r.counted}`,
  );

describe('markCountedApprovals', () => {
  it("marks only each reviewer's latest approval of the head, keeping the order given", () => {
    expect(
      countedOf([
        review('bo', 'approved', '03'),
        review('ana', 'approved', '01'),
        review('ana', 'approved', '02'),
      ]),
    ).toEqual(['bo approved true', 'ana approved false', 'ana approved true']);
  });

  it("marks the requester's own approval, an approval before the last push and a withdrawn one as not counted", () => {
    expect(
      countedOf([
        review('JANE-GH', 'approved', '01'),
        review('ana', 'approved', '02', 'older'),
        review('bo', 'approved', '03'),
        review('bo', 'changes-requested', '04'),
      ]),
    ).toEqual([
      'JANE-GH approved false',
      'ana approved false',
      'bo approved false',
      'bo changes-requested false',
    ]);
  });

  it('says why each uncounted approval does not count', () => {
    expect(
      markCountedApprovals({
        requester,
        headSha: head,
        reviews: [
          review('JANE-GH', 'approved', '01'),
          review('ana', 'approved', '02', 'older'),
          review('bo', 'approved', '03'),
          review('bo', 'changes-requested', '04'),
          review('cy', 'approved', '05'),
        ],
      }).map(r => [r.reviewer, r.decision, r.notCountedBecause]),
    ).toEqual([
      ['JANE-GH', 'approved', 'requester'],
      ['ana', 'approved', 'stale'],
      ['bo', 'approved', 'withdrawn'],
      ['bo', 'changes-requested', undefined],
      ['cy', 'approved', undefined],
    ]);
  });

  it('keeps an approval counted when the reviewer only comments afterwards', () => {
    expect(
      countedOf([
        review('ana', 'approved', '01'),
        review('ana', 'commented', '02'),
      ]),
    ).toEqual(['ana approved true', 'ana commented false']);
  });

  it('keeps everything else of each review as the host gave it', () => {
    const withComment = { ...review('ana', 'approved', '01'), comment: 'ok' };
    expect(
      markCountedApprovals({
        requester,
        headSha: head,
        reviews: [withComment],
      }),
    ).toEqual([{ ...withComment, counted: true }]);
  });
});
