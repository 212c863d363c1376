/*
 * Does one large request stall everyone else? A whole backend (the Netseal plugin on
 * SQLite in memory, a Kubernetes API test server on 127.0.0.1 with payments and checkout
 * pods, a local policy repository), and clients that read an entity's policies over HTTP,
 * GET after GET. First alone, then while previews of a 12,000-port change of payments'
 * allow-checkout (each port listed one by one, 180 KB of JSON) run back to back. The
 * two phases alternate, three rounds of each, so that a change in the machine's other
 * load falls on both. It prints the p50 and p99 latency of the GETs in both phases, the
 * ratio of the p99s (the target is at most 1.5), the p99 and max delay of the event loop
 * in both phases (what a stall is, apart from CPU the machine shares), and the duration
 * and size of a preview, with the machine's CPUs and load. Figures, not assertions.
 *
 *   yarn workspace @netseal/backstage-plugin-netseal-backend bench:stall
 *   NETSEAL_BENCH_STALL_SECONDS=10 ...   # length of each phase of a round (default 5, at most 60)
 *   NETSEAL_BENCH_STALL_CLIENTS=8 ...    # concurrent GET loops (default 4, at most 32)
 */
/* eslint-disable no-console -- printing figures is what a bench is for */
import os from 'node:os';
import { AddressInfo } from 'node:net';
import { allowCheckout, sealed } from '../src/__fixtures__/sealedPolicies';
import {
  checkoutPodInShop,
  clusterConfig,
  createPolicyRepository,
  PAYMENTS,
  policiesPath,
  startNetsealBackend,
  startTestCluster,
  statusesOf,
} from '../src/endToEnd/__testUtils__/endToEnd';

const SECONDS = Math.min(
  Number(process.env.NETSEAL_BENCH_STALL_SECONDS ?? 5),
  60,
);
const ROUNDS = 3;
const CLIENTS = Math.min(
  Number(process.env.NETSEAL_BENCH_STALL_CLIENTS ?? 4),
  32,
);
const PORTS = 12_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** GET the entity's policies in `CLIENTS` loops until `until`; each GET's latency in ms. */
async function readLoops(baseUrl: string, until: number): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        const start = performance.now();
        const response = await fetch(`${baseUrl}${policiesPath}`);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET answered ${response.status}`);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies;
}

function previewBody() {
  const policy = structuredClone(allowCheckout);
  policy.spec.ingress![0].ports = Array.from({ length: PORTS }, (_, i) => ({
    port: 10000 + i,
  }));
  return JSON.stringify({
    entityRef: PAYMENTS,
    changes: [
      {
        op: 'replace',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        manifest: JSON.stringify(policy),
      },
    ],
  });
}

async function main() {
  const cluster = await startTestCluster(
    [sealed(allowCheckout)],
    [checkoutPodInShop],
  );
  const repository = createPolicyRepository({
    'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
  });
  const backend = await startNetsealBackend({
    clusters: [clusterConfig('prod-eu', cluster)],
    repository,
  });
  try {
    const { port } = backend.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}/api/netseal`;
    for (;;) {
      const response = await fetch(
        `${baseUrl}${policiesPath.replace('/api/netseal', '')}`,
      );
      if (
        statusesOf((await response.json()) as never)[
          'prod-eu/allow-checkout'
        ] === 'in-sync'
      )
        break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    const base = `http://127.0.0.1:${port}`;
    const body = previewBody();
    const preview = async () => {
      const start = performance.now();
      const response = await fetch(`${baseUrl}/requests/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(
          `preview answered ${response.status}: ${text.slice(0, 300)}`,
        );
      }
      return { ms: performance.now() - start, bytes: text.length };
    };
    // Warm both paths up: the worker thread loads its code on first use.
    await preview();
    await readLoops(base, Date.now() + 2000);

    const alone: number[] = [];
    const during: number[] = [];
    const previews: { ms: number; bytes: number }[] = [];
    // How late a 10 ms timer fires: the event loop's delay, sampled in each phase.
    const loopAlone: number[] = [];
    const loopDuring: number[] = [];
    const monitored = async <T>(
      into: number[],
      phase: () => Promise<T>,
    ): Promise<T> => {
      let expected = performance.now() + 10;
      const timer = setInterval(() => {
        const now = performance.now();
        into.push(Math.max(0, now - expected));
        expected = now + 10;
      }, 10);
      try {
        return await phase();
      } finally {
        clearInterval(timer);
      }
    };
    for (let round = 0; round < ROUNDS; round++) {
      alone.push(
        ...(await monitored(loopAlone, () =>
          readLoops(base, Date.now() + SECONDS * 1000),
        )),
      );
      const until = Date.now() + SECONDS * 1000;
      const [read] = await monitored(loopDuring, () =>
        Promise.all([
          readLoops(base, until),
          (async () => {
            while (Date.now() < until) previews.push(await preview());
          })(),
        ]),
      );
      during.push(...read);
    }
    const delay = (delays: number[]) =>
      `event loop delay p99 ${percentile(delays, 99).toFixed(
        1,
      )} ms, max ${Math.max(...delays).toFixed(1)} ms`;

    const line = (label: string, values: number[]) =>
      `  ${label}: ${values.length} GETs, p50 ${percentile(values, 50).toFixed(
        1,
      )} ms, p99 ${percentile(values, 99).toFixed(1)} ms`;
    console.log(
      `Stall bench: Node ${process.version}, ${os.cpus().length} CPUs (${
        os.cpus()[0]?.model ?? 'unknown'
      }), load average ${os
        .loadavg()
        .map(load => load.toFixed(1))
        .join(
          ' ',
        )}; ${CLIENTS} GET loops, ${ROUNDS} rounds of ${SECONDS} s per phase.`,
    );
    console.log(`${line('alone', alone)}; ${delay(loopAlone)}`);
    console.log(
      `${line(`during ${PORTS}-port previews`, during)}; ${delay(loopDuring)}`,
    );
    console.log(
      `  previews: ${previews.length}, p50 ${percentile(
        previews.map(p => p.ms),
        50,
      ).toFixed(0)} ms each, answer ${previews[0]?.bytes ?? 0} bytes`,
    );
    console.log(
      `  p99 ratio (during / alone): ${(
        percentile(during, 99) / percentile(alone, 99)
      ).toFixed(2)} (target at most 1.5)`,
    );
  } finally {
    await backend.stop();
    await cluster.stop();
    repository.remove();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
