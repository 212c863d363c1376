import os from 'node:os';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { netsealChangeProviderExtensionPoint } from '@netseal/backstage-plugin-netseal-node';
import request from 'supertest';
import {
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

/** A Git host module whose change provider fails as a bug would, naming a file. */
const buggyHost = createBackendModule({
  pluginId: 'netseal',
  moduleId: 'buggy-host',
  register(env) {
    env.registerInit({
      deps: {
        changes: netsealChangeProviderExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ changes }) {
        const bug = async (): Promise<never> => {
          throw new TypeError(
            "Cannot read properties of undefined (reading 'sha') in /srv/backstage/node_modules/host/index.js",
          );
        };
        changes.addChangeProvider({
          id: 'buggy-host',
          supports: () => true,
          openChange: bug,
          getChange: bug,
          getMergedChange: bug,
          commentOnChange: bug,
        });
      },
    });
  },
});

/** What must never be in a production error body. */
function expectNothingInternal(body: unknown, repositoryRoot: string) {
  const text = JSON.stringify(body);
  expect(text).not.toContain(repositoryRoot);
  expect(text).not.toContain(`${os.tmpdir()}/`);
  expect(text).not.toContain('/srv/');
  expect(text).not.toContain('file:///');
  expect(text).not.toMatch(/\bat .*:\d+:\d+/);
  expect(body).not.toHaveProperty('error.stack');
  expect(body).not.toHaveProperty('error.cause');
}

/**
 * With NODE_ENV=production, error bodies carry no stack trace, no cause and no
 * filesystem path: a 409 names the local repository by its folder's name only.
 */
describe('error bodies in production', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const { start } = usePaymentsBackend();
  const nodeEnv = process.env.NODE_ENV;
  beforeEach(() => {
    process.env.NODE_ENV = 'production';
  });
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('answers a 409 for a held policy without the repository path', async () => {
    const { server, repo } = await start();
    const first = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));

    const second = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9444));

    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(
      new RegExp(
        // A local request is reviewed on its page in the portal, so the message links
        // there and names no path of the repository.
        `^policy shop/allow-checkout in cluster prod-eu already has open request ${first.body.id} \\(http://localhost:3000/catalog/default/component/payments/netseal\\?request=${first.body.id}\\); review or close that request first`,
      ),
    );
    expectNothingInternal(second.body, repo.root);
  });

  it('answers a policy source that cannot be read without its path', async () => {
    const { server, repo } = await start();
    repo.remove();

    const response = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(
      /^entityRef: the policy source file:…\/payments cannot be read/,
    );
    expectNothingInternal(response.body, repo.root);
  });

  it('answers a bug as 500 with a log id, without its message, stack or path', async () => {
    const { server, repo } = await start({ features: [buggyHost] });

    const response = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));

    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({
      name: 'Error',
      message: expect.stringMatching(
        /^An internal error occurred logId=[0-9a-f]{20}; the backend's log has it$/,
      ),
    });
    expectNothingInternal(response.body, repo.root);
  });

  it.each([
    ['a body the spec refuses', { entityRef: 7 }, 400],
    ['a request that does not exist', undefined, 404],
  ])('answers %s without a stack', async (_case, body, status) => {
    const { server, repo } = await start();

    const response = body
      ? await request(server).post('/api/netseal/requests').send(body)
      : await request(server).get('/api/netseal/requests/nope');

    expect(response.status).toBe(status);
    expectNothingInternal(response.body, repo.root);
  });
});
