import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { JsonObject } from '@backstage/types';

/** What the child backend (childBackend.ts) is started with. */
export interface ChildBackendSettings {
  /** Its port on 127.0.0.1. */
  port: number;
  /** `backend.database`: a SQLite directory or a PostgreSQL connection with a prefix. */
  database: JsonObject;
  /** Config under `netseal`. */
  netseal: JsonObject;
  /** payments' `netseal.io/policy-source`. */
  policySource: string;
}

/** A free port on 127.0.0.1, as the system hands one out. */
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

const STARTUP_LIMIT_MS = 180_000;

/**
 * A Netseal backend in a child process (see childBackend.ts), started and killed as an
 * operator would: `kill` sends SIGKILL, so nothing of the backend's shutdown runs. Its
 * output goes to `logFile`, which a failing test shows.
 */
export class ChildBackend {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<number | null>,
    readonly baseUrl: string,
    readonly logFile: string,
  ) {}

  static async start(
    settings: ChildBackendSettings,
    logFile: string,
  ): Promise<ChildBackend> {
    const log = fs.openSync(logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, 'childBackend.ts'),
      ],
      {
        cwd: path.resolve(__dirname, '../../..'),
        env: {
          ...process.env,
          NETSEAL_CHILD_BACKEND: JSON.stringify(settings),
        },
        // The IPC channel closes when the test process ends, however it ends: the child
        // then exits rather than outlive an interrupted run (see childBackend.ts).
        stdio: ['ignore', log, log, 'ipc'],
      },
    );
    fs.closeSync(log);
    const exited = new Promise<number | null>(resolve =>
      child.once('exit', code => resolve(code)),
    );
    const backend = new ChildBackend(
      child,
      exited,
      `http://127.0.0.1:${settings.port}/api/netseal`,
      logFile,
    );
    await backend.#awaitHealth();
    return backend;
  }

  async #awaitHealth(): Promise<void> {
    let gone = false;
    this.exited.then(() => {
      gone = true;
    });
    const deadline = Date.now() + STARTUP_LIMIT_MS;
    while (Date.now() < deadline) {
      if (gone) {
        throw new Error(
          `the child backend exited while starting; its log:\n${this.logTail()}`,
        );
      }
      try {
        const response = await fetch(`${this.baseUrl}/health`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    await this.kill();
    throw new Error(
      `the child backend did not answer /health within ${
        STARTUP_LIMIT_MS / 1000
      } s; its log:\n${this.logTail()}`,
    );
  }

  /** SIGKILL, as a crash or an OOM kill would end it; resolves once it is gone. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not stopped after 20 s. */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last lines the child wrote, without its access log (the tests' polling). */
  logTail(lines = 40): string {
    try {
      return fs
        .readFileSync(this.logFile, 'utf8')
        .split('\n')
        .filter(line => !line.includes('"incomingRequest"'))
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }
}
