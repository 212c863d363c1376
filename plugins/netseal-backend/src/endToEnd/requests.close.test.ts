import { execFileSync } from 'node:child_process';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuditorEvent,
  DefaultAuditorService,
} from '@backstage/backend-defaults/auditor';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import type { PolicyRepository } from './__testUtils__/endToEnd';
import {
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

const ANA = mockCredentials.user.header('user:default/ana');

/** The plugin's auditor as Backstage's default, with the events it logs kept. */
function recordingAuditor() {
  const events: AuditorEvent[] = [];
  const factory = createServiceFactory({
    service: coreServices.auditor,
    deps: {
      auth: coreServices.auth,
      httpAuth: coreServices.httpAuth,
      plugin: coreServices.pluginMetadata,
    },
    factory: deps =>
      DefaultAuditorService.create(async event => {
        events.push(event);
      }, deps),
  });
  return { events, factory };
}

describe('closing a replacement request, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const { start } = usePaymentsBackend();

  const branches = (repo: PolicyRepository) =>
    execFileSync('git', ['branch', '--format=%(refname:short)'], {
      cwd: repo.root,
    })
      .toString()
      .trim()
      .split('\n');

  async function filed(server: Parameters<typeof request>[0], port = 9443) {
    return (
      await request(server)
        .post('/api/netseal/requests')
        .send(replaceAllowCheckoutOnPort(port))
        .expect(201)
    ).body.id as string;
  }

  it('lets the requester close their open request: its branch goes, its history names them, and the policy is free for a new request', async () => {
    const auditor = recordingAuditor();
    const { server, repo } = await start({ features: [auditor.factory] });
    const id = await filed(server);
    expect(branches(repo)).toContain(`netseal/request-${id}`);

    const closed = await request(server)
      .post(`/api/netseal/requests/${id}/close`)
      .send({ reason: 'checkout stays on 8443 after all' });

    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.transitions.at(-1)).toEqual(
      expect.objectContaining({
        from: 'open',
        to: 'closed',
        actor: 'user:default/mock',
        reason: 'checkout stays on 8443 after all',
      }),
    );
    expect(branches(repo)).toEqual(['main']);
    expect(
      auditor.events.find(
        event =>
          event.eventId === 'request-close' && event.status === 'succeeded',
      ),
    ).toEqual(
      expect.objectContaining({
        actor: expect.objectContaining({ actorId: 'user:default/mock' }),
        meta: expect.objectContaining({
          requestId: id,
          reason: 'checkout stays on 8443 after all',
        }),
      }),
    );
    // Read again from the provider, it stays closed.
    expect(
      (await request(server).get(`/api/netseal/requests/${id}`)).body.state,
    ).toBe('closed');
    await filed(server, 9444);
  });

  it("lets a reviewer close someone else's approved request", async () => {
    const { server } = await start();
    const id = await filed(server);
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);

    const closed = await request(server)
      .post(`/api/netseal/requests/${id}/close`)
      .set('Authorization', ANA)
      .send({});

    expect(closed.status).toBe(200);
    expect(closed.body.transitions.at(-1)).toEqual(
      expect.objectContaining({
        from: 'approved',
        to: 'closed',
        actor: 'user:default/ana',
        reason: 'closed in the portal',
      }),
    );
  });

  it('refuses to close a merged request with 409, and keeps it merged', async () => {
    const { server } = await start();
    const id = await filed(server);
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server)
      .post(`/api/netseal/requests/${id}/merge`)
      .set('Authorization', ANA)
      .expect(200);

    const refused = await request(server)
      .post(`/api/netseal/requests/${id}/close`)
      .send({});

    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      `request ${id} is merged; only an open or approved request can be closed`,
    );
    expect(
      (await request(server).get(`/api/netseal/requests/${id}`)).body.state,
    ).not.toBe('closed');
  });
});
