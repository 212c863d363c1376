import {
  buildGuardManifests,
  GUARD_NAMES,
  GUARD_VERSION,
  SEAL_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  seedRealKubernetes,
  startRealKubernetes,
} from '@netseal/real-kubernetes';
import request from 'supertest';
import { applyGuardObject } from '../../guard/applyGuardObject';
import { waitFor } from '../../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../../__fixtures__/sealedPolicies';
import {
  createPolicyRepository,
  NetsealTestBackend,
  PolicyRepository,
  policiesPath,
  seedFor,
  startNetsealBackend,
  statusesOf,
} from '../__testUtils__/endToEnd';
import { replaceAllowCheckoutOnPort } from '../__testUtils__/usePaymentsBackend';
import {
  kubectl,
  policiesPathOf,
  realClusterConfig,
  realPolicies,
  realRequest,
  realWrite,
} from './__testUtils__/realCluster';

// Bounds for a loaded CI machine and a real control plane, not expectations of speed.
jest.setTimeout(180_000);

const ANA = mockCredentials.user.header('user:default/ana');
const guardPath = '/api/netseal/clusters/prod-eu/guard';
const vapPath = `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${GUARD_NAMES.policy}`;

/** The guard's refusal of `name` in namespace shop, as the API server passes it on. */
const refusalOf = (name: string, namespace = 'shop') =>
  `Netseal: NetworkPolicy ${namespace}/${name} is sealed;`;

/**
 * Netseal's admission guard on a real kube-apiserver: its ValidatingAdmissionPolicy
 * type-checked and evaluated by the server itself, real RBAC for the rollout and reader
 * identities, real kubectl, and the real namespace controller. The guard binds cluster
 * wide under fixed names, so this file owns a control plane of its own.
 */
describe("the admission guard on a real API server (Netseal's own identities)", () => {
  let real: RealKubernetes;
  let repository: PolicyRepository;
  let backend: NetsealTestBackend | undefined;

  beforeAll(async () => {
    real = await startRealKubernetes({ dedicated: true });
    await seedRealKubernetes(
      real.kubeConfig(),
      seedFor([sealed(allowCheckout)]),
    );
    repository = createPolicyRepository({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  afterAll(async () => {
    repository?.remove();
    await real?.stop();
  });

  /** A backend reading with `reader` and rolling out as `rollout` (RBAC: NetworkPolicies only). */
  async function startBackend(rollout: 'rollout' | 'reader' = 'rollout') {
    backend = await startNetsealBackend({
      repository,
      clusters: [
        realClusterConfig('prod-eu', real, { read: 'reader', rollout }),
      ],
    });
    return backend.server;
  }

  /** What `netseal guard` prints for this cluster, applied by the cluster admin. */
  async function applyGuardAsAdmin() {
    const manifests = buildGuardManifests({
      rolloutUser: 'netseal-rollout',
      deleteExceptions: [],
    });
    for (const manifest of manifests) {
      await applyGuardObject(real.kubeConfig('admin'), manifest);
    }
  }

  it('is reported unprotected, cannot be installed by a rollout identity that RBAC limits to NetworkPolicies, and once the admin applies it the server type-checks its CEL without a warning and the backend reports it protected', async () => {
    const server = await startBackend();
    const before = await request(server).get(guardPath);
    expect(before.body).toEqual(
      expect.objectContaining({ status: 'unprotected', installed: false }),
    );

    const refused = await request(server).post(guardPath);
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toMatch(
      /^cluster prod-eu refused the guard's installation: .*forbidden.*; the rollout identity needs create, get and update on validatingadmissionpolicies/,
    );

    await applyGuardAsAdmin();
    // The API server enforces a new binding a moment after storing it: on a loaded machine
    // the next test's kubectl edit once went through before then. A dry run tells when.
    await waitFor(
      async () =>
        (
          await realRequest(
            real,
            'admin',
            'DELETE',
            `${policiesPathOf('shop')}/allow-checkout?dryRun=All`,
          )
        ).status === 403,
      'the guard to refuse the admin the deletion of a sealed policy',
      { timeoutMs: 60_000 },
    );
    // The validatingadmissionpolicy-status controller writes the type check's result.
    let status: { typeChecking?: { expressionWarnings?: unknown[] } } = {};
    await waitFor(
      async () => {
        const answer = await realRequest(real, 'admin', 'GET', vapPath);
        const { metadata } = answer.body;
        status = answer.body.status as typeof status;
        return (
          Boolean(status?.typeChecking) &&
          (status as { observedGeneration?: number }).observedGeneration ===
            metadata?.generation
        );
      },
      'the type check of the guard policy',
      { timeoutMs: 60_000 },
    );
    expect(status.typeChecking?.expressionWarnings ?? []).toEqual([]);

    const after = await request(server).get(guardPath);
    expect(after.body).toEqual(
      expect.objectContaining({
        status: 'protected',
        installed: true,
        bound: true,
        enforcing: true,
        version: GUARD_VERSION,
        rolloutUser: 'netseal-rollout',
      }),
    );
  });

  it("refuses the admin's kubectl edit, apply, patch, label and delete of a sealed policy with Netseal's message, allows annotate, and lets the rollout identity delete and re-create it", async () => {
    const edited = await kubectl(
      real,
      'admin',
      ['-n', 'shop', 'edit', 'networkpolicy', 'allow-checkout'],
      {
        env: { KUBE_EDITOR: "sed -i 's/port: 8443/port: 9443/'" },
      },
    );
    expect(edited).toEqual(expect.objectContaining({ code: 1 }));
    expect(edited.stderr).toContain(refusalOf('allow-checkout'));
    expect(edited.stderr).toContain('its spec may not be changed');

    const manifest = sealed(allowCheckout);
    manifest.spec.ingress![0].ports = [{ port: 9443 }];
    const applied = await kubectl(real, 'admin', ['apply', '-f', '-'], {
      input: JSON.stringify(manifest),
    });
    expect(applied.code).not.toBe(0);
    expect(applied.stderr).toContain(refusalOf('allow-checkout'));

    const patched = await kubectl(real, 'admin', [
      '-n',
      'shop',
      'patch',
      'networkpolicy',
      'allow-checkout',
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/ingress/0/ports/0/port","value":9443}]',
    ]);
    expect(patched.code).not.toBe(0);
    expect(patched.stderr).toContain(refusalOf('allow-checkout'));

    const labelled = await kubectl(real, 'admin', [
      '-n',
      'shop',
      'label',
      'networkpolicy',
      'allow-checkout',
      'team=payments',
    ]);
    expect(labelled.code).not.toBe(0);
    expect(labelled.stderr).toContain('its labels may not be changed');

    const deleted = await kubectl(real, 'admin', [
      '-n',
      'shop',
      'delete',
      'networkpolicy',
      'allow-checkout',
    ]);
    expect(deleted.code).not.toBe(0);
    expect(deleted.stderr).toContain(
      "netseal-admin may not delete it; only Netseal's rollout identity",
    );

    const annotated = await kubectl(real, 'admin', [
      '-n',
      'shop',
      'annotate',
      'networkpolicy',
      'allow-checkout',
      'owner=payments-team',
    ]);
    expect(annotated).toEqual(expect.objectContaining({ code: 0 }));

    const [live] = await realPolicies(real, 'shop');
    expect(live.spec.ingress![0].ports).toEqual([
      expect.objectContaining({ port: 8443 }),
    ]);
    expect(live.metadata.annotations?.owner).toBe('payments-team');

    // A rollout replaces a sealed policy by deleting and re-creating it.
    const path = policiesPathOf('shop');
    await realWrite(real, 'rollout', 'DELETE', `${path}/allow-checkout`);
    await realWrite(real, 'rollout', 'POST', path, sealed(allowCheckout));
    const createdByAdmin = await realRequest(real, 'admin', 'POST', path, {
      ...sealed(allowCheckout),
      metadata: { ...sealed(allowCheckout).metadata, name: 'by-admin' },
    });
    expect(createdByAdmin.status).toBe(403);
    expect(createdByAdmin.body.message).toContain(
      "netseal-admin may not create it; only Netseal's rollout identity creates sealed policies",
    );
  });

  it('rolls a merged request out under the guard, deleting and re-creating the policy as the rollout identity', async () => {
    const server = await startBackend();
    await waitFor(
      async () =>
        statusesOf((await request(server).get(policiesPath)).body)[
          'prod-eu/allow-checkout'
        ] === 'in-sync',
      'allow-checkout in sync',
      { timeoutMs: 60_000 },
    );
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));
    expect(filed.status).toBe(201);
    const { id } = filed.body;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);

    let done: {
      state?: string;
      rollout?: { clusters: { steps: { status: string }[] }[] };
    } = {};
    await waitFor(
      async () => {
        done = (await request(server).get(`/api/netseal/requests/${id}`)).body;
        return done.state === 'completed' || done.state === 'failed';
      },
      'the rollout to end',
      { timeoutMs: 90_000 },
    );
    expect(done.state).toBe('completed');
    expect(done.rollout?.clusters[0].steps.map(step => step.status)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
    const live = await realPolicies(real, 'shop');
    expect(live.map(policy => policy.metadata.name)).toEqual([
      'allow-checkout',
    ]);
    expect(live[0].metadata.annotations?.[SEAL_ANNOTATION]).toBe(
      filed.body.changes[0].newSeal,
    );
    expect(live[0].spec.ingress![0].ports).toEqual([
      expect.objectContaining({ port: 9443 }),
    ]);
  });

  it('fails a rollout closed when RBAC forbids its identity to write NetworkPolicies, naming the 403, and leaves the live policy as it was', async () => {
    const [before] = await realPolicies(real, 'shop');
    // The read-only identity configured as the rollout identity: RBAC refuses its writes.
    const server = await startBackend('reader');
    const filed = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(7443));
    // The repository still seals port 8443, so the live policy (9443 since the last
    // test) is drifted; the request replaces it all the same.
    expect(filed.status).toBe(201);
    const { id } = filed.body;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);

    let failed: {
      state?: string;
      error?: { message: string };
      rollout?: {
        clusters: {
          status: string;
          reason?: string;
          steps: { phase: string; status: string; error?: string }[];
        }[];
      };
    } = {};
    await waitFor(
      async () => {
        failed = (await request(server).get(`/api/netseal/requests/${id}`))
          .body;
        return failed.state === 'completed' || failed.state === 'failed';
      },
      'the rollout to end',
      { timeoutMs: 90_000 },
    );
    expect(failed.state).toBe('failed');
    const [cluster] = failed.rollout!.clusters;
    const rolloutSteps = cluster.steps.filter(step => step.phase === 'rollout');
    // The first step, creating the isolating guard, is refused; nothing after it runs.
    expect(rolloutSteps.map(step => step.status)).toEqual([
      'failed',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(rolloutSteps[0].error).toMatch(
      /^step 1 \(Create the guard shop\/netseal-guard-.*\) failed: 403 Forbidden: networkpolicies.networking.k8s.io is forbidden: User "netseal-reader" cannot create resource "networkpolicies" in API group "networking.k8s.io" in the namespace "shop"$/,
    );
    expect(failed.error?.message).toContain(
      'User "netseal-reader" cannot create resource "networkpolicies"',
    );
    // The rollback's first step is refused the same way; the request says what holds.
    expect(failed.error?.message).toContain(
      'nothing was left behind: no guard of the rollout stands (read back afterwards), so it isolates no pod, and no sealed policy was deleted or created',
    );
    expect(failed.error?.message).not.toContain('isolated until');
    const [after] = await realPolicies(real, 'shop');
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(await realPolicies(real, 'shop')).toHaveLength(1);
  });

  it('lets the real namespace controller delete a namespace holding sealed policies while the guard stands', async () => {
    const namespace = await real.createNamespace('sealed');
    const policy = sealed({
      ...allowCheckout,
      metadata: { ...allowCheckout.metadata, namespace },
    });
    await realWrite(real, 'rollout', 'POST', policiesPathOf(namespace), policy);
    const refused = await realRequest(
      real,
      'admin',
      'DELETE',
      `${policiesPathOf(namespace)}/allow-checkout`,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain(
      refusalOf('allow-checkout', namespace),
    );

    // Resolves once the namespace and all it held are gone.
    await real.deleteNamespace(namespace);
    const gone = await realRequest(
      real,
      'admin',
      'GET',
      `/api/v1/namespaces/${namespace}`,
    );
    expect(gone.status).toBe(404);
  });

  it('denies every change of a sealed policy, rollouts included, while its parameters ConfigMap is deleted, and the backend says so', async () => {
    const server = await startBackend();
    await realWrite(
      real,
      'admin',
      'DELETE',
      `/api/v1/namespaces/${GUARD_NAMES.paramsNamespace}/configmaps/${GUARD_NAMES.params}`,
    );
    const guard = await request(server).get(guardPath);
    expect(guard.body).toEqual(
      expect.objectContaining({
        status: 'unprotected',
        reason: expect.stringContaining(
          'are missing, so it denies every change of a sealed policy, rollouts included',
        ),
      }),
    );
    const byRollout = await realRequest(
      real,
      'rollout',
      'DELETE',
      `${policiesPathOf('shop')}/allow-checkout`,
    );
    // As upstream answers a binding that cannot be configured: 422, not 403.
    expect(byRollout.status).toBe(422);
    expect(byRollout.body.message).toBe(
      "networkpolicies.networking.k8s.io \"allow-checkout\" is forbidden: ValidatingAdmissionPolicy 'netseal-guard' with binding 'netseal-guard' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
    );

    await applyGuardAsAdmin();
    expect((await request(server).get(guardPath)).body.status).toBe(
      'protected',
    );
  });
});
