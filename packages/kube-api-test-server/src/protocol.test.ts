import https from 'node:https';
import { startFleetServer } from './__fixtures__/startFleetServer';
import { KubeApiTestServer } from './startKubeApiTestServer';

jest.setTimeout(30_000);

const policies = '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';

describe('the wire protocol', () => {
  let server: KubeApiTestServer;

  const request = (
    method: string,
    path: string,
    body?: unknown,
    token = server.tokens.admin,
  ) =>
    new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = https.request(
        `${server.url}${path}`,
        {
          method,
          ca: server.caCert,
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          timeout: 10_000,
        },
        res => {
          let text = '';
          res.on('data', chunk => {
            text += String(chunk);
          });
          res.on('end', () =>
            resolve({ code: res.statusCode ?? 0, body: text }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });

  beforeEach(async () => {
    server = await startFleetServer();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('replays events after a resourceVersion and answers a compacted one with a 410 ERROR event', async () => {
    const list = JSON.parse((await request('GET', policies)).body);
    const from = list.metadata.resourceVersion;
    await request('DELETE', `${policies}/deny-all`);
    const replay = await request(
      'GET',
      `${policies}?watch=1&resourceVersion=${from}&timeoutSeconds=1`,
    );
    expect(
      replay.body
        .trim()
        .split('\n')
        .map(line => JSON.parse(line).type),
    ).toEqual(['DELETED']);

    server.faults.compactHistory();
    const expired = await request(
      'GET',
      `${policies}?watch=true&resourceVersion=${from}&timeoutSeconds=1`,
    );
    const event = JSON.parse(expired.body.trim());
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
  });

  it('pages a list with continue tokens and expires them with the history', async () => {
    const first = JSON.parse(
      (await request('GET', `${policies}?limit=1`)).body,
    );
    expect(
      first.items.map((p: { metadata: { name: string } }) => p.metadata.name),
    ).toEqual(['allow-web']);
    expect(first.metadata.remainingItemCount).toBe(1);
    await request('POST', policies, {
      metadata: { name: 'zz-new' },
      spec: { podSelector: {} },
    });
    const second = JSON.parse(
      (
        await request(
          'GET',
          `${policies}?limit=5&continue=${first.metadata.continue}`,
        )
      ).body,
    );
    // The continued list is the snapshot of the first page: the new policy is not in it.
    expect(
      second.items.map((p: { metadata: { name: string } }) => p.metadata.name),
    ).toEqual(['deny-all']);

    server.faults.compactHistory();
    const expired = await request(
      'GET',
      `${policies}?limit=5&continue=${first.metadata.continue}`,
    );
    expect(expired.code).toBe(410);
    expect(JSON.parse(expired.body).reason).toBe('Expired');
  });

  it('injects faults only through the admin token', async () => {
    const denied = await request('PUT', '/__testserver/faults', {
      errorRate: 1,
    });
    expect(denied.code).toBe(401);
    const set = await request(
      'PUT',
      '/__testserver/faults',
      { rules: [{ verb: 'list', code: 503, times: 1 }] },
      server.adminToken,
    );
    expect(set.code).toBe(200);
    const failed = await request('GET', policies);
    expect(failed.code).toBe(503);
    expect(JSON.parse(failed.body).reason).toBe('ServiceUnavailable');
    expect((await request('GET', policies)).code).toBe(200);
  });

  it('drops open watches abruptly on request', async () => {
    const watch = request('GET', `${policies}?watch=true&timeoutSeconds=20`);
    await new Promise<void>(resolve => {
      const poll = () =>
        server.faults.dropWatches() > 0 ? resolve() : setTimeout(poll, 20);
      poll();
    });
    await expect(watch).rejects.toThrow(/socket hang up|aborted|ECONNRESET/);
  });
});
