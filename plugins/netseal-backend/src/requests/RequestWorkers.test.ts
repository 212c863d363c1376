import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  analyseClusterAccess,
  ClusterAccessInput,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { AccessAnalysisTooLargeError } from '../errors/AccessAnalysisTooLargeError';
import { RequestWorkers } from './RequestWorkers';

// A worker thread loads netseal-common's sources through Backstage's transform first.
jest.setTimeout(60_000);

const fixture = (name: string) => path.join(__dirname, '__fixtures__', name);

const allowCheckout = (ports: number[]): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'allow-checkout', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    ingress: [
      {
        from: [{ podSelector: { matchLabels: { app: 'checkout' } } }],
        ports: ports.map(port => ({ port })),
      },
    ],
  },
});

/** payments' allow-checkout on 8443 widened to 12,000 ports, 10000 to 21999. */
const widened: ClusterAccessInput = {
  namespaces: [{ name: 'shop' }],
  pods: [
    {
      namespace: 'shop',
      name: 'payments-0',
      labels: { app: 'payments' },
      ips: ['10.0.0.5'],
    },
    {
      namespace: 'shop',
      name: 'checkout-0',
      labels: { app: 'checkout' },
      ips: ['10.0.0.6'],
    },
  ],
  before: [allowCheckout([8443])],
  after: [allowCheckout(Array.from({ length: 12000 }, (_, i) => 10000 + i))],
};

/** One cluster's analysis in the pool, failing as the request service makes it fail. */
function analyse(pool: RequestWorkers, input: ClusterAccessInput) {
  return pool.run(
    'analyseClusterAccess',
    input,
    ({ sizing, reason }) =>
      new AccessAnalysisTooLargeError({
        ...sizing,
        reason: `its analysis ${reason}`,
      }),
  );
}

describe('RequestWorkers', () => {
  let pool: RequestWorkers | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('answers in a worker thread exactly what the analysis answers in-process', async () => {
    pool = new RequestWorkers({
      size: 1,
      timeoutMs: 60_000,
      logger: mockServices.logger.mock(),
    });

    const result = await analyse(pool, widened);

    expect(result).toEqual(analyseClusterAccess(widened));
    expect(result).toEqual(
      expect.objectContaining({
        kind: 'analysed',
        changes: expect.arrayContaining([
          expect.objectContaining({
            change: 'opened',
            ports: '10000-21999',
            flows: 12000,
          }),
        ]),
      }),
    );
  });

  it('keeps the event loop free while an analysis runs, and stops one past its time as too large, naming its size', async () => {
    pool = new RequestWorkers({
      size: 1,
      timeoutMs: 2_000,
      logger: mockServices.logger.mock(),
      file: fixture('spinningWorker.js'),
    });
    let turns = 0;
    let settled = false;
    const outcome = analyse(pool, widened).then(
      () => undefined,
      (error: Error) => error,
    );
    outcome.finally(() => {
      settled = true;
    });
    // The worker's thread is busy for good; this one still turns.
    while (!settled) {
      await new Promise(resolve => setImmediate(resolve));
      turns += 1;
    }

    const error = await outcome;
    expect(error).toBeInstanceOf(AccessAnalysisTooLargeError);
    expect(error?.message).toMatch(
      /^too large to analyse: 12000 ports × 40 peers; its analysis ran longer than 2 s\. /,
    );
    expect(turns).toBeGreaterThan(1);
  });

  it('replaces a thread that dies, failing only its own analysis', async () => {
    pool = new RequestWorkers({
      size: 1,
      timeoutMs: 60_000,
      logger: mockServices.logger.mock(),
      file: fixture('crashingWorker.js'),
    });

    const first = analyse(pool, widened);
    const second = analyse(pool, widened);

    await expect(first).rejects.toThrow(
      /^analyseClusterAccess failed in a worker thread: the worker thread stopped \(exit code 3\)$/,
    );
    await expect(second).rejects.toThrow(/exit code 3/);
  });

  it('refuses analyses beyond its queue with 503, and those waiting when it closes', async () => {
    pool = new RequestWorkers({
      size: 1,
      timeoutMs: 60_000,
      maxQueue: 1,
      logger: mockServices.logger.mock(),
      file: fixture('spinningWorker.js'),
    });

    const running = analyse(pool, widened);
    const waiting = analyse(pool, widened);
    const refused = analyse(pool, widened);
    const outcomes = Promise.allSettled([running, waiting, refused]);

    await pool.close();

    const [ran, waited, beyond] = await outcomes;
    expect(beyond).toEqual({
      status: 'rejected',
      reason: expect.objectContaining({
        name: 'ServiceUnavailableError',
        message:
          '1 requests are already waiting to be validated or analysed; try again in a moment',
      }),
    });
    for (const stopped of [ran, waited]) {
      expect(stopped).toEqual({
        status: 'rejected',
        reason: expect.objectContaining({
          name: 'ServiceUnavailableError',
          message: expect.stringMatching(/^the backend is stopping/),
        }),
      });
    }
  });
});
