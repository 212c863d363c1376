import {
  computeSeal,
  SEAL_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  adminRequest,
  liveRequest,
  livePolicies,
  historyPath,
  patchLivePolicy,
  policiesPath,
  resetLivePolicies,
  statusesOf,
} from './__testUtils__/endToEnd';
import {
  denyingPermission,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

jest.setTimeout(120_000);

const restorePath = `${policiesPath}/prod-eu/shop/allow-checkout/restore`;
const guardPath = '/api/netseal/clusters/prod-eu/guard';
const SEAL = computeSeal(allowCheckout);

describe('restoring drifted policies, through the API', () => {
  const payments = usePaymentsBackend();

  // Each test starts from an unguarded cluster holding the sealed allow-checkout.
  afterEach(async () => {
    for (const path of [
      '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/netseal-guard',
      '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/netseal-guard',
      '/api/v1/namespaces/netseal-system/configmaps/netseal-guard',
    ]) {
      await adminRequest(payments.cluster, 'DELETE', path);
    }
    await resetLivePolicies(payments.cluster, [sealed(allowCheckout)]);
  });

  async function statusOf(server: Parameters<typeof request>[0]) {
    const res = await request(server).get(policiesPath);
    return statusesOf(res.body)['prod-eu/allow-checkout'];
  }

  /** Opens allow-checkout to port 9443 in place, as `kubectl edit` would, and waits for drift. */
  async function makeDrift(server: Parameters<typeof request>[0]) {
    const edited = sealed(allowCheckout);
    edited.spec.ingress![0].ports = [{ port: 9443 }];
    await patchLivePolicy(payments.cluster, { spec: edited.spec });
    await waitFor(
      async () => (await statusOf(server)) === 'drifted',
      'allow-checkout drifted',
    );
  }

  async function restoreToTheEnd(server: Parameters<typeof request>[0]) {
    const started = await request(server).post(restorePath);
    expect(started.status).toBe(202);
    const id: string = started.body.id;
    let ended: { rollout: { status: string } } | undefined;
    await waitFor(async () => {
      const res = await request(server).get(`/api/netseal/restores/${id}`);
      ended = res.body;
      return !['queued', 'running'].includes(res.body.rollout?.status);
    }, 'the restore ended');
    return { started: started.body, ended: ended! };
  }

  it('puts a drifted policy back to its seal as the rollout identity, until it is in sync again', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    await makeDrift(server);

    const { started, ended } = await restoreToTheEnd(server);

    expect(started).toEqual(
      expect.objectContaining({
        entityRef: 'component:default/payments',
        driftStatus: 'drifted',
        seal: SEAL,
        requestedBy: 'user:default/mock',
        selfHeal: false,
      }),
    );
    expect(ended.rollout).toEqual(
      expect.objectContaining({
        status: 'completed',
        clusters: [
          expect.objectContaining({
            identity:
              'netseal-rollout (the token of netseal.clusters[prod-eu].rollout)',
            status: 'completed',
          }),
        ],
      }),
    );
    await waitFor(
      async () => (await statusOf(server)) === 'in-sync',
      'allow-checkout in sync',
    );
    const [live] = await livePolicies(payments.cluster);
    expect(live.metadata.labels).toEqual(
      expect.objectContaining({ 'netseal.io/sealed': 'true' }),
    );
    expect(live.metadata.annotations?.[SEAL_ANNOTATION]).toBe(SEAL);
    expect(computeSeal(live)).toBe(SEAL);
    const restores = await request(server).get(
      `${policiesPath}/prod-eu/shop/allow-checkout/restores`,
    );
    expect(restores.body.items.map((r: { id: string }) => r.id)).toEqual([
      started.id,
    ]);
    // While the restore ran, the policy was pending on it (if a check fell in
    // between), never missing.
    const history = await request(server).get(
      `${historyPath}?cluster=prod-eu&policyName=allow-checkout`,
    );
    const statuses = history.body.items.map((item: { to?: string }) => item.to);
    expect(statuses).not.toContain('missing');
    const pendingReasons = history.body.items
      .filter((item: { to?: string }) => item.to === 'pending')
      .map((item: { reason?: string }) => item.reason);
    expect(new Set(pendingReasons)).toEqual(
      new Set(
        pendingReasons.length > 0
          ? [`restore ${started.id} is putting its sealed version back`]
          : [],
      ),
    );
  });

  it('re-creates a missing policy, with the guard installed', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    await liveRequest(payments.cluster, 'DELETE', '/allow-checkout');
    await waitFor(
      async () => (await statusOf(server)) === 'missing',
      'allow-checkout missing',
    );
    const installed = await request(server).post(guardPath);
    expect(installed.body.status).toBe('protected');

    const { ended } = await restoreToTheEnd(server);

    expect(ended.rollout.status).toBe('completed');
    await waitFor(
      async () => (await statusOf(server)) === 'in-sync',
      'allow-checkout in sync',
    );
    const [live] = await livePolicies(payments.cluster);
    expect(live.metadata.annotations?.[SEAL_ANNOTATION]).toBe(SEAL);
  });

  it('refuses to restore a policy in sync with 409, naming why', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });

    const inSync = await request(server).post(restorePath);
    expect(inSync.status).toBe(409);
    expect(inSync.body.error.message).toBe(
      'shop/allow-checkout in prod-eu is in-sync: the live policy matches its seal, so there is nothing to restore',
    );
  });

  it('refuses a caller without netseal.policy.restore, naming it, and changes nothing', async () => {
    const { server } = await payments.start(
      { features: [denyingPermission('netseal.policy.restore')] },
      { rolloutIdentity: true },
    );
    await makeDrift(server);

    const refused = await request(server).post(restorePath);

    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /\(permission netseal\.policy\.restore\)$/,
    );
    expect(await statusOf(server)).toBe('drifted');
  });

  it('shows a live allow-all policy in the live picture, and the sealed picture without it', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    await liveRequest(payments.cluster, 'POST', '', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'debug-allow-all', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'payments' } },
        ingress: [{}],
      },
    });
    await waitFor(
      async () =>
        statusesOf((await request(server).get(policiesPath)).body)[
          'prod-eu/debug-allow-all'
        ] === 'unsealed',
      'debug-allow-all unsealed',
    );
    const reachability =
      '/api/netseal/entities/component/default/payments/reachability';

    const live = await request(server).get(reachability);
    const sealedOnly = await request(server).get(`${reachability}?mode=sealed`);

    expect(live.body.items).toEqual([
      expect.objectContaining({ cluster: 'prod-eu', mode: 'live' }),
    ]);
    expect(live.body.items[0].reachability.ingress).toEqual(
      expect.objectContaining({
        mode: 'allow-all',
        summary: expect.stringContaining(
          'shop/debug-allow-all (live only, not sealed in Git) allows all ingress',
        ),
      }),
    );
    expect(sealedOnly.body.items[0]).toEqual(
      expect.objectContaining({ cluster: 'prod-eu', mode: 'sealed' }),
    );
    expect(sealedOnly.body.items[0].reachability.ingress.mode).toBe('isolated');
  });

  it('uninstalls the guard, after which sealed policies can be edited in place again', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    expect((await request(server).post(guardPath)).body.status).toBe(
      'protected',
    );
    const refused = await adminRequest(
      payments.cluster,
      'PATCH',
      '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies/allow-checkout',
      { spec: { ingress: [{ ports: [{ port: 9443 }] }] } },
    );
    expect(refused.status).toBe(403);

    const uninstalled = await request(server).delete(guardPath);

    expect(uninstalled.status).toBe(200);
    expect(uninstalled.body).toEqual(
      expect.objectContaining({ status: 'unprotected', installed: false }),
    );
    await makeDrift(server);
  });

  it('self-heals a drifted policy by itself when netseal.drift.selfHeal is enabled, as the backend', async () => {
    const { server } = await payments.start(
      { config: { drift: { selfHeal: { enabled: true } } } },
      { rolloutIdentity: true },
    );
    const edited = sealed(allowCheckout);
    edited.spec.ingress![0].ports = [{ port: 9443 }];

    await patchLivePolicy(payments.cluster, { spec: edited.spec });

    let restores: { requestedBy: string; selfHeal: boolean }[] = [];
    await waitFor(async () => {
      const res = await request(server).get(
        `${policiesPath}/prod-eu/shop/allow-checkout/restores`,
      );
      restores = res.body.items;
      return restores.length === 1 && (await statusOf(server)) === 'in-sync';
    }, 'allow-checkout self-healed and in sync');
    expect(restores[0]).toEqual(
      expect.objectContaining({
        requestedBy: 'system',
        selfHeal: true,
        driftStatus: 'drifted',
        seal: SEAL,
      }),
    );
    const [live] = await livePolicies(payments.cluster);
    expect(computeSeal(live)).toBe(SEAL);
  });
});
