import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { NetsealClient } from './NetsealClient';

const baseUrl = 'http://backstage.test/api/netseal';
const server = setupServer();

describe('NetsealClient', () => {
  registerMswTestHooks(server);

  const client = new NetsealClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it('reads the backend health', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () => HttpResponse.json({ status: 'ok' })),
    );

    await expect(client.getHealth()).resolves.toEqual({ status: 'ok' });
  });

  it("surfaces Backstage's error body when the backend fails", async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No plugin netseal' },
            request: { method: 'GET', url: '/api/netseal/health' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    await expect(client.getHealth()).rejects.toMatchObject({
      statusCode: 404,
      body: { error: { message: 'No plugin netseal' } },
    });
  });
});
