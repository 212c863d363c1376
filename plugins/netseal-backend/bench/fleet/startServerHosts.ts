import { fork } from 'node:child_process';
import type { TokenSpec } from '@netseal/kube-api-test-server';
import type { HostedServer, ServerHostRequest } from './serverHost';

/** Test servers spread over child processes, and how to stop them all. */
export interface ServerHosts {
  servers: HostedServer[];
  stop(): Promise<void>;
}

/**
 * Starts one Kubernetes API test server per name, `perProcess` to a child process, all
 * with the same seed (a JSON `kind: List` file). Children stop with the parent.
 */
export async function startServerHosts(options: {
  names: string[];
  perProcess: number;
  seedFile: string;
  tokens: Record<string, TokenSpec>;
  adminToken: string;
  historyLimit?: number;
}): Promise<ServerHosts> {
  const children: ReturnType<typeof fork>[] = [];
  const batches: string[][] = [];
  for (let i = 0; i < options.names.length; i += options.perProcess) {
    batches.push(options.names.slice(i, i + options.perProcess));
  }
  const started = await Promise.all(
    batches.map(names => {
      const child = fork(require.resolve('./serverHost'), [], {
        execArgv: [
          '-r',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        ],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      return new Promise<HostedServer[]>((resolve, reject) => {
        // Other messages (the TypeScript loader's) pass by.
        child.on(
          'message',
          (message: { started?: HostedServer[]; failed?: string }) => {
            if (message?.started) resolve(message.started);
            if (message?.failed) {
              reject(
                new Error(`test servers failed to start: ${message.failed}`),
              );
            }
          },
        );
        child.once('exit', code =>
          reject(new Error(`a test server process exited with ${code}`)),
        );
        const request: ServerHostRequest = {
          seedFile: options.seedFile,
          names,
          tokens: options.tokens,
          adminToken: options.adminToken,
          historyLimit: options.historyLimit ?? 10_000,
        };
        child.send({ start: request });
      });
    }),
  ).catch(async error => {
    children.forEach(child => child.kill());
    throw error;
  });
  return {
    servers: started.flat(),
    async stop() {
      await Promise.all(
        children.map(
          child =>
            new Promise<void>(resolve => {
              if (child.exitCode !== null) {
                resolve();
                return;
              }
              child.once('exit', () => resolve());
              child.send({ stop: true });
              setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
    },
  };
}
