import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { netsealPlugin } from './plugin';

describe('netsealPlugin', () => {
  it('answers GET /api/netseal/health without credentials', async () => {
    const { server } = await startTestBackend({ features: [netsealPlugin] });

    const response = await request(server).get('/api/netseal/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('does not serve unknown paths', async () => {
    const { server } = await startTestBackend({ features: [netsealPlugin] });

    const response = await request(server).get('/api/netseal/nothing-here');

    expect(response.status).toBe(404);
  });
});
