import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createRecordingLiveView } from './__testUtils__/testClusters';
import { pause, waitFor } from './__testUtils__/waitFor';

jest.setTimeout(30_000);

/**
 * An API server (or a proxy in front of one) that answers every watch and ends it at
 * once: lists work, watches never stay open.
 */
async function startClosingServer(): Promise<{
  server: Server;
  url: string;
  watches: () => number;
}> {
  let watches = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/version') {
      res.end(JSON.stringify({ gitVersion: 'v1.32.0' }));
    } else if (url.searchParams.get('watch') === 'true') {
      watches += 1;
      res.end();
    } else {
      res.end(
        JSON.stringify({ metadata: { resourceVersion: '1' }, items: [] }),
      );
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, watches: () => watches };
}

describe('KubernetesLiveView against watches that end as soon as they open', () => {
  it('reopens them with growing pauses instead of a busy loop', async () => {
    const closing = await startClosingServer();
    const { liveView } = createRecordingLiveView([
      {
        name: 'flaky',
        url: closing.url,
        auth: { kind: 'token', token: 't' },
        // client-node speaks plain HTTP only with this set.
        skipTLSVerify: true,
      },
    ]);
    try {
      await liveView.start();
      await waitFor(() => closing.watches() >= 6, 'a few reopened watches');

      // With the test timing's backoff (at most 500 ms) a second allows a handful of
      // reopenings per kind; without pacing there would be thousands.
      const before = closing.watches();
      await pause(1000);
      expect(closing.watches() - before).toBeLessThan(60);
      expect(liveView.connection('flaky').state).toBe('connected');
    } finally {
      await liveView.stop();
      await new Promise(resolve => closing.server.close(resolve));
    }
  });
});
