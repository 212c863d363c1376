import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { inMemoryDatabase } from '../database/__testUtils__/inMemoryDatabase';
import { netsealPlugin } from '../plugin';

async function startBackend() {
  const database = inMemoryDatabase();
  const backend = await startTestBackend({
    features: [netsealPlugin, database.factory],
  });
  return {
    server: backend.server,
    stop: async () => {
      await backend.stop();
      await database.destroy();
    },
  };
}

// The first test starts a whole backend with cold modules, which takes about 5 s on a
// loaded machine, Jest's default limit: a bound, not a speed.
jest.setTimeout(60_000);

describe('netsealPlugin', () => {
  it('answers GET /api/netseal/health without credentials', async () => {
    const backend = await startBackend();
    try {
      const response = await request(backend.server).get('/api/netseal/health');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    } finally {
      await backend.stop();
    }
  });

  it('does not serve unknown paths', async () => {
    const backend = await startBackend();
    try {
      const response = await request(backend.server).get(
        '/api/netseal/nothing-here',
      );

      expect(response.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });
});
