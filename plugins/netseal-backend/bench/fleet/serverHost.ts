/*
 * Kubernetes API test servers in a process of their own, so that a bench measures the
 * engine's memory and CPU apart from the servers'. Forked by startServerHosts: it is told
 * the seed and the cluster names, starts one server per name on 127.0.0.1, answers with
 * their URLs and CA, and stops them when told to or when its parent goes away.
 */
import {
  KubeApiTestServer,
  startKubeApiTestServer,
  TokenSpec,
} from '@netseal/kube-api-test-server';
import { readFileSync } from 'node:fs';

/** What the parent sends to start the servers. */
export interface ServerHostRequest {
  seedFile: string;
  names: string[];
  tokens: Record<string, TokenSpec>;
  adminToken: string;
  historyLimit: number;
}

/** One started server, as the parent needs it. */
export interface HostedServer {
  name: string;
  url: string;
  caData: string;
}

const servers: KubeApiTestServer[] = [];

async function stopAll() {
  await Promise.all(servers.map(server => server.stop()));
  process.exit(0);
}

process.on('disconnect', () => void stopAll());
process.on(
  'message',
  async (message: { start?: ServerHostRequest; stop?: true }) => {
    if (message.stop) {
      await stopAll();
      return;
    }
    const request = message.start;
    if (!request) return;
    try {
      const seed = JSON.parse(readFileSync(request.seedFile, 'utf8')).items;
      const hosted: HostedServer[] = [];
      for (const name of request.names) {
        const server = await startKubeApiTestServer({
          port: 0,
          seed,
          clusterName: name,
          historyLimit: request.historyLimit,
          tokens: request.tokens,
          adminToken: request.adminToken,
        });
        servers.push(server);
        hosted.push({ name, url: server.url, caData: server.caData });
      }
      process.send!({ started: hosted });
    } catch (error) {
      process.send!({ failed: String((error as Error).stack ?? error) });
    }
  },
);
