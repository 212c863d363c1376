import { mockCredentials } from '@backstage/backend-test-utils';
import {
  computeSeal,
  REQUEST_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  livePolicies,
  patchLivePolicy,
  policiesPath,
  resetLivePolicies,
  statusesOf,
} from './__testUtils__/endToEnd';
import {
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

const ANA = mockCredentials.user.header('user:default/ana');
const provenancePath = `${policiesPath}/prod-eu/shop/allow-checkout/provenance`;

jest.setTimeout(120_000);

type Server = Parameters<typeof request>[0];

describe('provenance of live sealed policies, through the API', () => {
  const payments = usePaymentsBackend();

  afterEach(async () => {
    await resetLivePolicies(payments.cluster, [sealed(allowCheckout)]);
  });

  async function provenanceOnceRecorded(server: Server, id: string) {
    let body: { provenance?: { id: string } } = {};
    await waitFor(async () => {
      body = (await request(server).get(provenancePath)).body;
      return body.provenance?.id === id;
    }, `the provenance of ${id}`);
    return body;
  }

  it('lists a sealed policy that no Netseal rollout created as having no provenance', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });

    const res = await request(server).get(provenancePath);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      missingReason:
        'No provenance record: no Netseal rollout or restore created this policy since provenance is recorded (it was created before Netseal, or by hand)',
    });
  });

  // A local change has no web page, so no changeUrl; GitHub's pull request is one.
  it('records how a rollout put the seal live: request, requester, counted approver, merger, merge commit, identity and time', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));
    const id: string = filed.body.id;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);

    const body = await provenanceOnceRecorded(server, id);
    const { rollout } = (
      await request(server).get(`/api/netseal/requests/${id}`)
    ).body;

    expect(body).toEqual({
      provenance: {
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        entityRef: 'component:default/payments',
        seal: filed.body.changes[0].newSeal,
        kind: 'request',
        id,
        requestedBy: 'user:default/mock',
        approvers: ['user:default/ana'],
        mergedBy: 'user:default/mock',
        mergeCommit: rollout.mergeCommitSha,
        identity: rollout.clusters[0].identity,
        startedBy: rollout.startedBy,
        completedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      requestAnnotation: id,
    });
    // The live object carries the request's id, outside its seal: it is in sync.
    const live = (await livePolicies(payments.cluster)).find(
      policy => policy.metadata.name === 'allow-checkout',
    );
    expect(live?.metadata.annotations?.[REQUEST_ANNOTATION]).toBe(id);
    await waitFor(async () => {
      const res = await request(server).get(policiesPath);
      return statusesOf(res.body)['prod-eu/allow-checkout'] === 'in-sync';
    }, 'allow-checkout in sync with its annotation');
  });

  it('records a restore as the latest provenance of the policy it put back', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    const edited = sealed(allowCheckout);
    edited.spec.ingress![0].ports = [{ port: 9443 }];
    await patchLivePolicy(payments.cluster, { spec: edited.spec });
    await waitFor(async () => {
      const res = await request(server).get(policiesPath);
      return statusesOf(res.body)['prod-eu/allow-checkout'] === 'drifted';
    }, 'allow-checkout drifted');

    const started = await request(server).post(
      `${policiesPath}/prod-eu/shop/allow-checkout/restore`,
    );
    const body = await provenanceOnceRecorded(server, started.body.id);

    expect(body).toMatchObject({
      provenance: {
        kind: 'restore',
        seal: computeSeal(allowCheckout),
        requestedBy: 'user:default/mock',
        approvers: [],
      },
      requestAnnotation: started.body.id,
    });
  });
});
