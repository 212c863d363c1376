import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import type { PolicyRepository } from './__testUtils__/endToEnd';
import {
  allowCheckoutOnPort,
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

const RILEY = mockCredentials.user.header('user:default/riley');

/** What filing left behind: requests stored, branches and local change records. */
async function leftovers(
  server: Parameters<typeof request>[0],
  repo: PolicyRepository,
) {
  const listed = await request(server).get('/api/netseal/requests');
  const branches = execFileSync(
    'git',
    ['branch', '--format=%(refname:short)'],
    {
      cwd: repo.root,
    },
  )
    .toString()
    .trim()
    .split('\n');
  return {
    requests: listed.body.totalCount,
    branches,
    records: fs.existsSync(path.join(repo.root, '.git', 'netseal')),
  };
}

const withManifestComment = (comment: string) =>
  `# ${comment}\n${allowCheckoutOnPort(9443)}`;

/**
 * Text that reaches Git, a commit, a pull request or a log refuses control characters,
 * bidi controls and invisible characters with a 400 naming the field, before anything is
 * stored or sent: no request, no branch, no change record in `.git/netseal`.
 */
describe('text fields, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const { start } = usePaymentsBackend();

  it.each<
    [string, { reason?: string; manifest?: string; key?: string }, RegExp]
  >([
    [
      'a NUL in reason',
      { reason: 'moved\u0000to 9443' },
      /^reason holds U\+0000 \(NUL, a control character\) at line 1, column 6; remove it/,
    ],
    [
      'an ANSI escape in reason',
      { reason: '\u001b[2Jcheckout moved' },
      /^reason holds U\+001B \(ESCAPE, a control character\)/,
    ],
    [
      'a right-to-left override in reason',
      { reason: 'opens \u202e3449 ot devom' },
      /^reason holds U\+202E \(RIGHT-TO-LEFT OVERRIDE, a bidi control\)/,
    ],
    [
      'a zero-width space in reason',
      { reason: 'checkout\u200b moved' },
      /^reason holds U\+200B \(ZERO WIDTH SPACE, a zero-width character\)/,
    ],
    [
      'a lone carriage return in reason',
      { reason: 'approved by security\rchecked' },
      /^reason holds U\+000D \(CARRIAGE RETURN, a control character\)/,
    ],
    [
      'a tag character in reason',
      { reason: 'ok\u{E0069}\u{E0067}' },
      /^reason holds U\+E0069 \(an invisible tag character\)/,
    ],
    [
      'a bidi override in a manifest comment',
      { manifest: withManifestComment('allow \u202echeckout') },
      /^changes\[0\]\.manifest: holds U\+202E \(RIGHT-TO-LEFT OVERRIDE, a bidi control\) at line 1, column 9;/,
    ],
    [
      'a NUL in a manifest',
      { manifest: withManifestComment('nul \u0000 here') },
      /^changes\[0\]\.manifest: holds U\+0000 \(NUL, a control character\) at line 1, column 7;/,
    ],
    [
      'a non-ASCII Idempotency-Key',
      { key: 'cl\u00e9' },
      /^Idempotency-Key must be 1 to 255 printable ASCII characters/,
    ],
  ])(
    'refuses %s with 400 naming the field, storing and sending nothing',
    async (_case, { reason, manifest, key }, message) => {
      const { server, repo } = await start();
      const body = replaceAllowCheckoutOnPort(9443);
      if (reason !== undefined) body.reason = reason;
      if (manifest !== undefined) body.changes[0].manifest = manifest;

      const post = request(server).post('/api/netseal/requests');
      if (key !== undefined) post.set('idempotency-key', key);
      const response = await post.send(body);

      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(await leftovers(server, repo)).toEqual({
        requests: 0,
        branches: ['main'],
        records: false,
      });
    },
  );

  it('shows a manifest with a bidi control as a problem of the preview, naming the field', async () => {
    const { server } = await start();
    const { entityRef, changes } = replaceAllowCheckoutOnPort(9443);
    changes[0].manifest = withManifestComment('a\u2067b');

    const response = await request(server)
      .post('/api/netseal/requests/preview')
      .send({ entityRef, changes });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ok: false,
      problems: [
        {
          field: 'changes[0].manifest',
          message: expect.stringMatching(
            /^holds U\+2067 \(RIGHT-TO-LEFT ISOLATE, a bidi control\) at line 1, column 4;/,
          ),
        },
      ],
    });
  });

  it.each([
    ['an ANSI escape', 'looks fine\u001b[1A\u001b[2Kapproved'],
    ['a right-to-left override', 'needs \u202eenil'],
    ['a zero-width joiner', 'port\u200d 9443'],
  ])(
    'refuses a review comment with %s with 400 naming comment, recording no review',
    async (_case, comment) => {
      const { server } = await start();
      const filed = await request(server)
        .post('/api/netseal/requests')
        .send(replaceAllowCheckoutOnPort(9443));
      expect(filed.status).toBe(201);

      const review = await request(server)
        .post(`/api/netseal/requests/${filed.body.id}/reviews`)
        .set('authorization', RILEY)
        .send({ decision: 'reject', comment });
      const detail = await request(server).get(
        `/api/netseal/requests/${filed.body.id}`,
      );

      expect(review.status).toBe(400);
      expect(review.body.error.message).toMatch(/^comment holds U\+/);
      expect(detail.body.state).toBe('open');
      expect(detail.body.reviews).toEqual([]);
    },
  );

  it('files a reason in a right-to-left script and with emoji, as written', async () => {
    const { server, repo } = await start();
    const reason = 'העברה לפורט 9443 🚀\nsecond line\twith a tab';

    const response = await request(server)
      .post('/api/netseal/requests')
      .send({ ...replaceAllowCheckoutOnPort(9443), reason });

    expect(response.status).toBe(201);
    expect(response.body.reason).toBe(reason);
    const message = execFileSync(
      'git',
      ['log', '-1', '--format=%B', `netseal/request-${response.body.id}`],
      { cwd: repo.root },
    ).toString();
    expect(message).toContain(reason);
  });
});
