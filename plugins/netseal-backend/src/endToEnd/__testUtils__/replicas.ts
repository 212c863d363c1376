import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { knex as createKnex, Knex } from 'knex';
import type { ReplicaConfig } from './replicaProcess';

/** The static token replicas accept from the test (a service principal). */
export const REPLICA_API_TOKEN = 'netseal-replicas-test-token';

const PG_VARIABLE = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The database the replicas share: PostgreSQL when the test environment names one (as
 * CI does), otherwise a SQLite file, which several processes can share too. Its name is
 * this run's own, and it is removed afterwards.
 */
export interface SharedDatabase {
  kind: 'PostgreSQL' | 'SQLite';
  /** `backend.database` of every replica. */
  config: JsonObject;
  /** The plugin's database, for the test to read; open it once a replica created it. */
  open(): Knex;
  remove(): Promise<void>;
}

export function sharedDatabase(): SharedDatabase {
  const connectionString = process.env[PG_VARIABLE];
  if (connectionString) {
    const prefix = `netseal_replicas_${randomBytes(4).toString('hex')}_`;
    const databaseName = `${prefix}netseal`;
    const opened: Knex[] = [];
    const at = (database: string) => {
      const url = new URL(connectionString);
      url.pathname = `/${database}`;
      return url.toString();
    };
    return {
      kind: 'PostgreSQL',
      config: { client: 'pg', connection: connectionString, prefix },
      open() {
        const knex = createKnex({ client: 'pg', connection: at(databaseName) });
        opened.push(knex);
        return knex;
      },
      async remove() {
        await Promise.all(opened.map(knex => knex.destroy()));
        const admin = createKnex({ client: 'pg', connection: at('postgres') });
        try {
          await admin.raw(`DROP DATABASE IF EXISTS ?? WITH (FORCE)`, [
            databaseName,
          ]);
        } finally {
          await admin.destroy();
        }
      },
    };
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-replicas-'));
  const opened: Knex[] = [];
  return {
    kind: 'SQLite',
    config: { client: 'better-sqlite3', connection: { directory } },
    open() {
      const knex = createKnex({
        client: 'better-sqlite3',
        connection: { filename: path.join(directory, 'netseal.sqlite') },
        useNullAsDefault: true,
      });
      opened.push(knex);
      return knex;
    },
    async remove() {
      await Promise.all(opened.map(knex => knex.destroy()));
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A free port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A backend replica in a process of its own. */
export interface Replica {
  name: string;
  baseUrl: string;
  process: ChildProcess;
  /** What it printed, for a failure's message. */
  output(): string;
  /** SIGTERM, as a deployment stops a replica: it hands its clusters over. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: its leases are left to lapse. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts a replica: a Backstage backend with the Netseal plugin and the local Git module,
 * listening on a free port of 127.0.0.1, with `netseal` configuration as given and the
 * catalog holding `entities`. Resolves once it has started, or rejects with its output.
 */
export async function startReplica(options: {
  name: string;
  database: SharedDatabase;
  netseal: JsonObject;
  entities: Entity[];
  directory: string;
  startTimeoutMs?: number;
}): Promise<Replica> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const replicaConfig: ReplicaConfig = {
    config: {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { host: '127.0.0.1', port },
        database: options.database.config,
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: REPLICA_API_TOKEN, subject: 'replicas-test' },
            },
          ],
        },
      },
      permission: { enabled: false },
      netseal: options.netseal,
    },
    entities: options.entities,
  };
  const configFile = path.join(options.directory, `${options.name}.json`);
  fs.writeFileSync(configFile, JSON.stringify(replicaConfig));
  const child = fork(require.resolve('./replicaProcess'), [configFile], {
    execArgv: [
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', chunk => {
    output += chunk;
  });
  child.stderr?.on('data', chunk => {
    output += chunk;
  });
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `replica ${options.name} did not start within ${timeoutMs} ms:\n${output}`,
        ),
      );
    }, timeoutMs);
    child.on('message', message => {
      if (message === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(
        new Error(`replica ${options.name} exited with ${code}:\n${output}`),
      );
    });
  });
  return {
    name: options.name,
    baseUrl,
    process: child,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited(child);
      clearTimeout(killer);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}
