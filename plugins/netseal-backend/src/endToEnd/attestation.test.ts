import {
  createPublicKey,
  generateKeyPairSync,
  verify as verifyBytes,
} from 'node:crypto';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  attestationKeyId,
  AttestationVerifier,
  computeSeal,
  verifyAttestation,
} from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
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

jest.setTimeout(120_000);

const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const signing = { attestation: { privateKey } };

/** Checks with the public half only, as an auditor would. */
const verifier: AttestationVerifier = {
  keyId: attestationKeyId(
    createPublicKey(publicKey).export({ type: 'spki', format: 'der' }),
  ),
  verify: (message, signature) =>
    verifyBytes(null, message, publicKey, signature),
};

type Server = Parameters<typeof request>[0];

describe('signed attestations of rollouts and restores, through the API', () => {
  const payments = usePaymentsBackend();

  afterEach(async () => {
    await resetLivePolicies(payments.cluster, [sealed(allowCheckout)]);
  });

  async function rollOut(server: Server, port: number) {
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(port));
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);
    await waitFor(async () => {
      const res = await request(server).get(`/api/netseal/requests/${id}`);
      return res.body.state === 'completed';
    }, 'request completed');
    return { id, newSeal: filed.body.changes[0].newSeal as string };
  }

  async function attestationOf(server: Server, id: string) {
    let res: request.Response | undefined;
    await waitFor(async () => {
      res = await request(server).get(`/api/netseal/attestations/${id}`);
      return res.status === 200;
    }, `attestation ${id} signed`);
    return res!.body;
  }

  it('signs a completed rollout: its policy by the new seal, the approver, the merge commit and each step', async () => {
    const { server } = await payments.start(
      { config: signing },
      { rolloutIdentity: true },
    );
    const { id, newSeal } = await rollOut(server, 9443);
    const rollout = (await request(server).get(`/api/netseal/requests/${id}`))
      .body.rollout;

    const attestation = await attestationOf(server, id);
    const verdict = await verifyAttestation(
      JSON.stringify(attestation),
      verifier,
    );

    expect(attestation).toEqual(
      expect.objectContaining({
        id,
        kind: 'request',
        entityRef: 'component:default/payments',
        keyId: verifier.keyId,
      }),
    );
    if (!verdict.ok) throw new Error(verdict.reason);
    expect(verdict.statement.subject).toEqual([
      {
        name: 'prod-eu/shop/allow-checkout',
        digest: { sha256: newSeal.slice('sha256:'.length) },
      },
    ]);
    expect(verdict.statement.predicate).toEqual(
      expect.objectContaining({
        kind: 'request',
        id,
        approvers: ['user:default/ana'],
        mergedBy: 'user:default/mock',
        mergeCommit: rollout.mergeCommitSha,
        request: expect.objectContaining({ requester: 'user:default/mock' }),
      }),
    );
    const [cluster] = verdict.statement.predicate.clusters;
    expect(cluster.identity).toBe(rollout.clusters[0].identity);
    expect(cluster.steps.map(step => step.description)).toEqual(
      rollout.clusters[0].steps.map(
        (step: { description: string }) => step.description,
      ),
    );
  });

  it('signs a completed restore: the policy by the seal put back, who restored it and what it undid', async () => {
    const { server } = await payments.start(
      { config: signing },
      { rolloutIdentity: true },
    );
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
    expect(started.status).toBe(202);

    const attestation = await attestationOf(server, started.body.id);
    const verdict = await verifyAttestation(
      JSON.stringify(attestation),
      verifier,
    );

    if (!verdict.ok) throw new Error(verdict.reason);
    expect(verdict.statement.subject).toEqual([
      {
        name: 'prod-eu/shop/allow-checkout',
        digest: {
          sha256: computeSeal(allowCheckout).slice('sha256:'.length),
        },
      },
    ]);
    expect(verdict.statement.predicate).toEqual(
      expect.objectContaining({
        kind: 'restore',
        approvers: [],
        restore: expect.objectContaining({
          requestedBy: 'user:default/mock',
          selfHeal: false,
          driftStatus: 'drifted',
        }),
      }),
    );
  });

  it('signs nothing without a key, and says so when an attestation is asked for', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    const { id } = await rollOut(server, 9444);

    const res = await request(server).get(`/api/netseal/attestations/${id}`);

    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      `No attestation ${id}. Netseal signs no attestations: netseal.attestation.privateKey is not configured`,
    );
  });
});
