import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  KubeApiTestServer,
  startKubeApiTestServer,
} from '@netseal/kube-api-test-server';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { stringify } from 'yaml';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  checkoutPodInShop,
  clusterConfig,
  clusterTokens,
  createPolicyRepository,
  livePolicies,
  PAYMENTS,
  PolicyRepository,
  seedFor,
} from './__testUtils__/endToEnd';
import {
  ChildBackend,
  ChildBackendSettings,
  freePort,
} from './__testUtils__/childBackendProcess';

// Each kill point starts a backend process again (a few seconds of loading) and waits
// for its rollout to resume once the dead process's lease lapses. Bounds, not speeds.
jest.setTimeout(900_000);
const ROLLOUT_LIMIT_MS = 60_000;

const ANA = mockCredentials.user.header('user:default/ana');
const GUARD = /^netseal-guard-/;

/** Where the rollout dies: its n-th write to the cluster, before or after it is applied. */
interface KillPoint {
  write: number;
  applied: boolean;
}

/** The four writes of a one-policy replace: guard, delete, create, lift the guard. */
const KILL_POINTS: KillPoint[] = [1, 2, 3, 4].flatMap(write => [
  { write, applied: false },
  { write, applied: true },
]);

const describeKillPoint = ({ write, applied }: KillPoint) =>
  `${
    [
      '',
      'creating the guard',
      'deleting the old policy',
      'creating the new policy',
      'deleting the guard',
    ][write]
  } (${applied ? 'applied' : 'not applied'})`;

async function api(
  backend: ChildBackend,
  method: string,
  apiPath: string,
  body?: object,
  authorization?: string,
) {
  const response = await fetch(`${backend.baseUrl}${apiPath}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** What the test and the cluster's admission hook share while the backends come and go. */
interface Run {
  backend?: ChildBackend;
  /** Where the current rollout is to die; cleared once it did. */
  armed?: KillPoint;
  /** The rollout identity's writes since the kill point was armed. */
  writes: number;
  /** The last answer a wait saw, for its failure message. */
  lastSeen: string;
}

async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
  run: Run,
): Promise<T> {
  const deadline = Date.now() + ROLLOUT_LIMIT_MS;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not happen within ${
          ROLLOUT_LIMIT_MS / 1000
        } s (last seen: ${run.lastSeen}); the backend's log:\n${
          run.backend?.logTail() ?? ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/**
 * DESIGN rule 3 with a real crash: a backend process killed with SIGKILL at each step of
 * a rollout (each write to the cluster, before and after the API server applies it) and
 * started again on the same database resumes the rollout to its end: the new policy live
 * with its seal, no guard left behind, and the request's history whole, each transition
 * once. On SQLite in a file (the embedded default's) and on PostgreSQL.
 */
describe('a backend killed with SIGKILL during a rollout', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });

  it.each(databases.eachSupportedId())(
    'resumes the rollout at every step to completion, leaving no guard and a whole history, on %p',
    async (databaseId: TestDatabaseId) => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-sigkill-'));
      const run: Run = { writes: 0, lastSeen: '' };
      let cluster: KubeApiTestServer | undefined;
      let repository: PolicyRepository | undefined;
      let admin: Knex | undefined;
      const prefix = `netseal_sigkill_${process.pid}_`;
      try {
        cluster = await startKubeApiTestServer({
          port: 0,
          seed: seedFor([sealed(allowCheckout)], [checkoutPodInShop]),
          tokens: clusterTokens,
          // The rollout identity's writes: at the armed one, the backend dies.
          admission: async attributes => {
            if (
              attributes.userInfo.username !== clusterTokens.rollout.username
            ) {
              return { allowed: true };
            }
            run.writes += 1;
            const point = run.armed;
            if (!point || run.writes !== point.write) return { allowed: true };
            run.armed = undefined;
            await run.backend?.kill();
            return point.applied
              ? { allowed: true }
              : {
                  allowed: false,
                  message: 'the backend was killed before this write',
                };
          },
        });
        repository = createPolicyRepository({
          'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
        });
        let database: JsonObject;
        if (databaseId === 'SQLITE_3') {
          database = {
            client: 'better-sqlite3',
            connection: { directory: path.join(work, 'db') },
          };
        } else {
          admin = await databases.init(databaseId);
          const { host, port, user, password } = admin.client.config
            .connection as JsonObject;
          database = {
            client: 'pg',
            connection: { host, port, user, password },
            prefix,
          };
        }
        const settings: ChildBackendSettings = {
          port: await freePort(),
          database,
          policySource: `file://${path.join(repository.root, 'payments')}`,
          netseal: {
            localGitReader: { allow: [repository.root] },
            clusters: [
              clusterConfig(
                'prod-eu',
                cluster,
                clusterTokens.reader.token,
                clusterTokens.rollout.token,
              ),
            ],
            policySources: { refreshInterval: { seconds: 2 } },
            rollouts: {
              pollInterval: { seconds: 1 },
              leaseDuration: { seconds: 2 },
            },
          },
        };
        const log = path.join(work, 'backend.log');
        run.backend = await ChildBackend.start(settings, log);

        for (const [index, point] of KILL_POINTS.entries()) {
          const port = 9000 + index;
          const current = run.backend;
          // Filed against the seal now live, read from the policy source.
          await until(
            'allow-checkout in sync',
            async () => {
              const { body } = await api(
                current,
                'GET',
                '/entities/component/default/payments/policies',
              );
              const item = body.items?.find(
                (policy: { name: string }) => policy.name === 'allow-checkout',
              );
              run.lastSeen = JSON.stringify(body);
              return item?.status === 'in-sync' ? true : undefined;
            },
            run,
          );
          const manifest = structuredClone(allowCheckout);
          manifest.spec.ingress![0].ports = [{ port }];
          const filed = await api(current, 'POST', '/requests', {
            entityRef: PAYMENTS,
            reason: `checkout moved to ${port}; killed while ${describeKillPoint(
              point,
            )}`,
            changes: [
              {
                op: 'replace',
                cluster: 'prod-eu',
                namespace: 'shop',
                name: 'allow-checkout',
                manifest: stringify(manifest),
              },
            ],
          });
          expect(filed.status).toBe(201);
          const id: string = filed.body.id;
          const newSeal: string = filed.body.changes[0].newSeal;
          expect(
            (
              await api(
                current,
                'POST',
                `/requests/${id}/reviews`,
                { decision: 'approve' },
                ANA,
              )
            ).status,
          ).toBe(200);
          run.writes = 0;
          run.armed = point;
          // The merge starts the rollout, which dies at the armed write: the answer to the
          // merge itself may be lost with the process.
          await api(current, 'POST', `/requests/${id}/merge`).catch(
            () => undefined,
          );
          await until(
            `the kill while ${describeKillPoint(point)}`,
            async () => (run.armed === undefined ? true : undefined),
            run,
          );

          run.backend = await ChildBackend.start(settings, log);
          const restarted = run.backend;
          const done = await until(
            `request ${id} completed after the kill while ${describeKillPoint(
              point,
            )}`,
            async () => {
              const { body } = await api(restarted, 'GET', `/requests/${id}`);
              return body.state === 'completed' ? body : undefined;
            },
            run,
          );

          expect(done.transitions.map((t: { to: string }) => t.to)).toEqual([
            'open',
            'approved',
            'merged',
            'rolling-out',
            'completed',
          ]);
          expect(
            done.rollout.clusters[0].steps.map(
              (step: { status: string }) => step.status,
            ),
          ).toEqual(['done', 'done', 'done', 'done', 'done']);
          const live = await livePolicies(cluster);
          expect(live.map(policy => policy.metadata.name)).toEqual([
            'allow-checkout',
          ]);
          expect(
            live.filter(policy => GUARD.test(policy.metadata.name ?? '')),
          ).toEqual([]);
          expect(live[0].metadata.annotations?.['netseal.io/seal']).toBe(
            newSeal,
          );
          expect(live[0].spec.ingress![0].ports).toEqual([
            expect.objectContaining({ port }),
          ]);
        }
      } finally {
        await run.backend?.stop();
        await cluster?.stop();
        repository?.remove();
        if (admin) {
          await admin.raw(
            `DROP DATABASE IF EXISTS "${prefix}netseal" WITH (FORCE)`,
          );
        }
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
  );
});
