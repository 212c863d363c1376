import fc from 'fast-check';
import { ChangeReview } from './NetsealChangeProvider';
import { countApprovals } from './countApprovals';

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

describe('countApprovals', () => {
  it('counts one approval per reviewer of the current head', () => {
    expect(
      countApprovals({
        requester,
        headSha: head,
        reviews: [
          review('ana', 'approved', '01'),
          review('ana', 'approved', '02'),
          review('bo', 'approved', '03'),
        ],
      }),
    ).toBe(2);
  });

  it("never counts the requester's own approval, by catalog user or by login, in any case", () => {
    expect(
      countApprovals({
        requester,
        headSha: head,
        reviews: [
          review('user:default/Jane', 'approved', '01'),
          review('JANE-GH', 'approved', '02'),
        ],
      }),
    ).toBe(0);
  });

  it('does not count an approval given before the last push', () => {
    expect(
      countApprovals({
        requester,
        headSha: head,
        reviews: [review('ana', 'approved', '01', 'older')],
      }),
    ).toBe(0);
  });

  it('drops an approval the reviewer followed with a request for changes, but not with a comment', () => {
    expect(
      countApprovals({
        requester,
        headSha: head,
        reviews: [
          review('ana', 'approved', '01'),
          review('ana', 'changes-requested', '02'),
          review('bo', 'approved', '03'),
          review('bo', 'commented', '04'),
        ],
      }),
    ).toBe(1);
  });

  it('judges by time, not by the order the host listed the reviews in', () => {
    expect(
      countApprovals({
        requester,
        headSha: head,
        reviews: [
          review('ana', 'approved', '05'),
          review('ana', 'changes-requested', '02'),
        ],
      }),
    ).toBe(1);
  });

  it("gives the same count with or without the requester's own reviews", () => {
    const reviewers = ['ana', 'bo', 'jane-gh', 'user:default/jane'];
    const isRequester = (name: string) =>
      name === 'jane-gh' || name === 'user:default/jane';
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            reviewer: fc.constantFrom(...reviewers),
            decision: fc.constantFrom<ChangeReview['decision']>(
              'approved',
              'changes-requested',
              'commented',
            ),
            commitSha: fc.constantFrom(head, 'older'),
            at: fc
              .integer({ min: 0, max: 59 })
              .map(s => `2026-01-01T00:00:${String(s).padStart(2, '0')}Z`),
          }),
        ),
        reviews => {
          const others = reviews.filter(r => !isRequester(r.reviewer));
          expect(countApprovals({ requester, headSha: head, reviews })).toBe(
            countApprovals({ requester, headSha: head, reviews: others }),
          );
        },
      ),
    );
  });
});
