import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { allowCheckout } from '../__fixtures__/sealedPolicies';
import { checkoutPodInShop, PAYMENTS } from './__testUtils__/endToEnd';
import { usePaymentsBackend } from './__testUtils__/usePaymentsBackend';

/** allow-checkout with checkout reaching payments on each of `count` ports from 10000. */
function onPorts(count: number) {
  const policy = structuredClone(allowCheckout);
  policy.spec.ingress![0].ports = Array.from({ length: count }, (_, i) => ({
    port: 10000 + i,
  }));
  return {
    entityRef: PAYMENTS,
    reason: `checkout on ${count} ports`,
    changes: [
      {
        op: 'replace',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        // JSON is YAML too, and 12,000 ports fit in 256 KiB written so.
        manifest: JSON.stringify(policy),
      },
    ],
  };
}

/**
 * A request's access analysis runs in the backend's worker threads, and ports that every
 * policy treats alike are analysed, and answered, once: 12,000 ports listed one by one
 * are one line. An analysis beyond `netseal.requests.accessAnalysis.budget` answers 422,
 * "too large to analyse", and files nothing.
 */
describe('access analysis, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(120_000);

  const { start } = usePaymentsBackend({ clusterExtra: [checkoutPodInShop] });

  it.each([
    [1, '10000'],
    [2, '10000-10001'],
    [12000, '10000-21999'],
  ])(
    'answers a preview of allow-checkout on %i ports with one line opening them all (%s)',
    async (count, ports) => {
      const { server } = await start();
      const { entityRef, changes } = onPorts(count);

      const response = await request(server)
        .post('/api/netseal/requests/preview')
        .send({ entityRef, changes });

      expect(response.status).toBe(200);
      expect(response.body.problems).toBeUndefined();
      const [cluster] = response.body.accessChanges;
      const opened = cluster.changes.filter(
        (line: { change: string }) => line.change === 'opened',
      );
      expect(opened).toEqual([
        expect.objectContaining({
          port: 10000,
          ...(count > 1 ? { ports } : {}),
          flows: count,
          text: expect.stringContaining(`on TCP ${ports} (${count} flow`),
        }),
      ]);
      expect(cluster.openedFlows).toBe(count);
      // The preview carries the manifests themselves; the analysis adds a few lines.
      expect(JSON.stringify(response.body.accessChanges).length).toBeLessThan(
        2000,
      );
    },
  );

  it.each([
    ['a preview', '/api/netseal/requests/preview'],
    ['a request', '/api/netseal/requests'],
  ])(
    'answers %s beyond the budget with 422, too large to analyse, and files nothing',
    async (_case, path) => {
      const { server, repo } = await start({
        config: { requests: { accessAnalysis: { budget: 5 } } },
      });

      const { reason, ...previewed } = onPorts(3);

      const response = await request(server)
        .post(path)
        .send(path.endsWith('/preview') ? previewed : { ...previewed, reason });

      expect(response.body.error?.message).toMatch(
        /^too large to analyse: \d+ ports × \d+ peers in cluster prod-eu; that is \d+ × \d+² flow checks, more than the budget of 5\. Change fewer policies or ports in one request/,
      );
      expect(response.status).toBe(422);
      const listed = await request(server).get('/api/netseal/requests');
      expect(listed.body.totalCount).toBe(0);
      expect(
        execFileSync('git', ['branch', '--format=%(refname:short)'], {
          cwd: repo.root,
        })
          .toString()
          .trim(),
      ).toBe('main');
    },
  );
});
