import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeApiTestServerOptions, startKubeApiTestServer } from '../startKubeApiTestServer';

/** The fleet seed: namespace `shop` with policies `allow-web` and `deny-all` and pod `web-0`. */
export const fleetSeed = readFileSync(join(__dirname, 'fleet.yaml'), 'utf8');

/** A server seeded with the fleet, a writer (`admin`) and a reader (`reader`). */
export function startFleetServer(options: KubeApiTestServerOptions = {}) {
  return startKubeApiTestServer({
    seed: fleetSeed,
    tokens: {
      admin: { username: 'kube-admin', groups: ['system:masters'], access: 'write' },
      reader: { username: 'alice', access: 'read' },
    },
    ...options,
  });
}
