import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuditorEvent,
  DefaultAuditorService,
} from '@backstage/backend-defaults/auditor';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ChangeProviderError,
  ChangeReview,
  netsealChangeProviderExtensionPoint,
} from '@netseal/backstage-plugin-netseal-node';
import request from 'supertest';
import {
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';
import { LocalGitChangeProvider } from '@netseal/backstage-plugin-netseal-backend-module-local-git';

const ANA = mockCredentials.user.header('user:default/ana');
const BO = mockCredentials.user.header('user:default/bo');

/** A Git host of a module, whose reviews the test writes and whose reads it counts. */
function countingHost() {
  const host = { reads: 0, reviews: [] as ChangeReview[] };
  const module = createBackendModule({
    pluginId: 'netseal',
    moduleId: 'counting-host',
    register(env) {
      env.registerInit({
        deps: { changes: netsealChangeProviderExtensionPoint },
        async init({ changes }) {
          changes.addChangeProvider({
            id: 'counting-host',
            supports: () => true,
            openChange: async input => ({
              providerId: 'counting-host',
              policySourceUrl: input.policySourceUrl,
              branch: input.branch,
              changeId: '7',
              url: 'https://git.example.com/pulls/7',
            }),
            getChange: async (_ref, options) => {
              host.reads += 1;
              return {
                state: 'open',
                url: 'https://git.example.com/pulls/7',
                headSha: 'c0ffee',
                reviews: host.reviews,
                approvals: host.reviews.filter(review => review.counted).length,
                requiredApprovals: options.requiredApprovals,
              };
            },
            // Never merged here: the rollout's read finds it open.
            getMergedChange: async () => ({
              state: 'open',
              baseBranch: 'main',
              mergeCommitOnBase: false,
              headSha: 'c0ffee',
              reviews: host.reviews,
              approvals: host.reviews.filter(review => review.counted).length,
              files: {},
            }),
            commentOnChange: async () => {},
          });
        },
      });
    },
  });
  return { host, module };
}

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

describe('reviews of replacement requests, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const backend = usePaymentsBackend();

  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** A backend with one request filed by the mock user. */
  async function start(options: Parameters<typeof backend.start>[0] = {}) {
    const { server } = await backend.start(options);
    const { id } = (
      await request(server)
        .post('/api/netseal/requests')
        .send(replaceAllowCheckoutOnPort(9443))
        .expect(201)
    ).body;
    return { server, id: id as string };
  }

  it('lists a request with the reviews given in the portal, which approvals count, and when they were read, without reading the Git host', async () => {
    const reads = jest.spyOn(LocalGitChangeProvider.prototype, 'getChange');
    const { server, id } = await start();
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', BO)
      .send({ decision: 'reject', comment: 'name the port' })
      .expect(200);
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);

    expect(reads).toHaveBeenCalled();
    reads.mockClear();
    const list = await request(server).get('/api/netseal/requests');

    expect(reads).not.toHaveBeenCalled();
    const [listed] = list.body.items;
    expect(listed).toEqual(
      expect.objectContaining({
        id,
        state: 'approved',
        approvals: 1,
        requiredApprovals: 1,
        reviewedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    );
    expect(
      listed.reviews.map(
        (review: { reviewer: string; decision: string; counted: boolean }) => [
          review.reviewer,
          review.decision,
          review.counted,
        ],
      ),
    ).toEqual([
      ['user:default/bo', 'changes-requested', false],
      ['user:default/ana', 'approved', true],
    ]);
  });

  it('keeps the reviews of a merged request in the list', async () => {
    const { server, id } = await start();
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    const merged = await request(server)
      .post(`/api/netseal/requests/${id}/merge`)
      .expect(200);

    const [listed] = (await request(server).get('/api/netseal/requests')).body
      .items;

    expect(merged.body).toEqual(
      expect.objectContaining({ state: 'merged', approvals: 1 }),
    );
    expect(listed).toEqual(
      expect.objectContaining({
        state: 'merged',
        approvals: 1,
        reviews: [
          expect.objectContaining({
            reviewer: 'user:default/ana',
            counted: true,
          }),
        ],
      }),
    );
  });

  it("lists a Git host's reviews as last read by the request's page, and reads the host only there", async () => {
    const { host, module } = countingHost();
    const { server, id } = await start({ features: [module] });

    const beforeRead = (await request(server).get('/api/netseal/requests')).body
      .items[0];
    expect(beforeRead).not.toHaveProperty('reviews');
    expect(beforeRead).not.toHaveProperty('reviewedAt');

    host.reviews = [
      {
        reviewer: 'ana-gh',
        decision: 'changes-requested',
        commitSha: 'c0ffee',
        at: '2026-11-26T10:00:00Z',
        comment: 'name the port',
        counted: false,
      },
    ];
    const detail = await request(server).get(`/api/netseal/requests/${id}`);
    expect(detail.body.reviews).toEqual([
      {
        reviewer: 'ana-gh',
        decision: 'changes-requested',
        at: '2026-11-26T10:00:00Z',
        comment: 'name the port',
        counted: false,
      },
    ]);

    // Given on the host since: the list shows what the page last read, and reads nothing.
    host.reviews = [
      ...host.reviews,
      {
        reviewer: 'bo-gh',
        decision: 'approved',
        commitSha: 'c0ffee',
        at: '2026-11-26T10:05:00Z',
        counted: true,
      },
    ];
    const readsBefore = host.reads;
    const listed = (await request(server).get('/api/netseal/requests')).body
      .items[0];

    expect(host.reads).toBe(readsBefore);
    expect(listed).toEqual(
      expect.objectContaining({
        approvals: 0,
        reviews: detail.body.reviews,
        reviewedAt: detail.body.reviewedAt,
      }),
    );
  });

  it("answers a review the Git host cannot take with 503 and the host's reason, not 500", async () => {
    const { server, id } = await start();
    jest
      .spyOn(LocalGitChangeProvider.prototype, 'approve')
      .mockRejectedValue(
        new ChangeProviderError(
          'unavailable',
          'the repository is locked by another git process',
        ),
      );

    const res = await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' });

    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'the Git host failed (unavailable): the repository is locked by another git process',
    );
  });

  it('audits a filing, a review and a merge with the person who acted and their address', async () => {
    const auditor = recordingAuditor();
    const { server, id } = await start({ features: [auditor.factory] });

    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);

    const done = (eventId: string) =>
      auditor.events.find(
        event => event.eventId === eventId && event.status === 'succeeded',
      );
    expect(done('request-review')).toEqual(
      expect.objectContaining({
        actor: expect.objectContaining({
          actorId: 'user:default/ana',
          ip: expect.stringContaining('127.0.0.1'),
        }),
        request: {
          method: 'POST',
          url: `/api/netseal/requests/${id}/reviews`,
        },
      }),
    );
    expect(done('request-merge')?.actor).toEqual(
      expect.objectContaining({
        actorId: 'user:default/mock',
        ip: expect.stringContaining('127.0.0.1'),
      }),
    );
    for (const eventId of ['request-create', 'request-open-change']) {
      expect({ eventId, actor: done(eventId)?.actor }).toEqual({
        eventId,
        actor: expect.objectContaining({
          actorId: 'user:default/mock',
          ip: expect.stringContaining('127.0.0.1'),
        }),
      });
    }
  });
});
