import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  GUARD_VERSION,
  SEAL_ANNOTATION,
} from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  adminRequest,
  livePolicies,
  resetLivePolicies,
} from './__testUtils__/endToEnd';
import {
  denyingPermission,
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

jest.setTimeout(120_000);

const ANA = mockCredentials.user.header('user:default/ana');
const guardPath = '/api/netseal/clusters/prod-eu/guard';

describe("a cluster's admission guard, through the API", () => {
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

  it('reports the guard unprotected until it is installed, then protected, naming the rollout identity', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });

    const before = await request(server).get(guardPath);
    expect(before.status).toBe(200);
    expect(before.body).toEqual(
      expect.objectContaining({
        status: 'unprotected',
        installed: false,
        expectedVersion: GUARD_VERSION,
        reason: expect.stringContaining(
          'sealed policies can be edited in place',
        ),
      }),
    );

    const installed = await request(server).post(guardPath);
    expect(installed.status).toBe(200);
    expect(installed.body).toEqual(
      expect.objectContaining({
        status: 'protected',
        installed: true,
        bound: true,
        upToDate: true,
        enforcing: true,
        version: GUARD_VERSION,
        rolloutUser: 'netseal-rollout',
      }),
    );
    const clusters = await request(server).get('/api/netseal/clusters');
    expect(clusters.body.items[0].guard).toEqual(
      expect.objectContaining({ status: 'protected' }),
    );
    // Installing again changes nothing.
    expect((await request(server).post(guardPath)).body.status).toBe(
      'protected',
    );
  });

  it('lets a merged request roll out under the guard', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    await request(server).post(guardPath).expect(200);

    const filed = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));
    const { id } = filed.body;
    await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' })
      .expect(200);
    await request(server).post(`/api/netseal/requests/${id}/merge`).expect(200);
    await waitFor(async () => {
      const res = await request(server).get(`/api/netseal/requests/${id}`);
      return res.body.state === 'completed';
    }, 'request completed under the guard');
    const [live] = await livePolicies(payments.cluster);
    expect(live.metadata.annotations?.[SEAL_ANNOTATION]).toBe(
      filed.body.changes[0].newSeal,
    );
  });

  it('refuses installation without netseal.guard.manage, and without a rollout identity', async () => {
    const denied = await payments.start({
      features: [denyingPermission('netseal.guard.manage')],
    });
    const refused = await request(denied.server).post(guardPath);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'You may not install the admission guard of cluster prod-eu (permission netseal.guard.manage)',
    );
  });

  it('reports a guard of another version as outdated, and upgrades it', async () => {
    const { server } = await payments.start({}, { rolloutIdentity: true });
    await request(server).post(guardPath).expect(200);
    await adminRequest(
      payments.cluster,
      'PATCH',
      '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/netseal-guard',
      { metadata: { labels: { 'netseal.io/guard-version': '0' } } },
    );

    const outdated = await request(server).get(guardPath);
    expect(outdated.body).toEqual(
      expect.objectContaining({
        status: 'outdated',
        version: '0',
        upToDate: false,
        reason: `it is version 0, this Netseal installs ${GUARD_VERSION}; upgrade the guard`,
      }),
    );
    expect((await request(server).post(guardPath)).body.status).toBe(
      'protected',
    );
  });

  it('shows a guard deleted with kubectl as unprotected in the clusters list, by its watch', async () => {
    // A lone backend holds every cluster's lease, so it watches every guard; the test
    // scheduler runs the periodic guard check only at start-up.
    const { server } = await payments.start({}, { rolloutIdentity: true });
    await request(server).post(guardPath).expect(200);
    const listedGuard = async (): Promise<string> =>
      (await request(server).get('/api/netseal/clusters')).body.items[0].guard
        .status;
    expect(await listedGuard()).toBe('protected');

    await adminRequest(
      payments.cluster,
      'DELETE',
      '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/netseal-guard',
    );

    await waitFor(
      async () => (await listedGuard()) === 'unprotected',
      'the clusters list to show the guard unprotected',
      { timeoutMs: 60_000 },
    );
  });

  it('refuses installation in a cluster without a rollout identity, naming the setting', async () => {
    const { server } = await payments.start();
    const refused = await request(server).post(guardPath);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /^cluster prod-eu has no rollout identity; set netseal.clusters\[\].rollout/,
    );
  });

  describe('with kubectl, as another identity', () => {
    let home: string;

    beforeEach(() => {
      home = mkdtempSync(join(tmpdir(), 'netseal-kubectl-'));
    });

    afterEach(() => {
      rmSync(home, { recursive: true, force: true });
    });

    /** kubectl as the cluster's admin (system:masters), whom the guard does not exempt. */
    function kubectl(args: string[], env: NodeJS.ProcessEnv = {}) {
      const kubeconfig = join(home, 'kubeconfig');
      writeFileSync(kubeconfig, payments.cluster.kubeconfig('admin'));
      return new Promise<{ code: number; stdout: string; stderr: string }>(
        resolve =>
          execFile(
            'kubectl',
            args,
            {
              env: {
                PATH: process.env.PATH,
                HOME: home,
                KUBECONFIG: kubeconfig,
                ...env,
              },
              timeout: 20_000,
            },
            (error, stdout, stderr) =>
              resolve({
                code: error ? Number(error.code ?? 1) : 0,
                stdout,
                stderr,
              }),
          ),
      );
    }

    const denial =
      "Sealed policies are replaced only by Netseal's rollout; use the Netseal portal or open a replacement request.";

    it('refuses kubectl edit, apply and delete of a sealed policy with the message, and lets an annotation through', async () => {
      const { server } = await payments.start({}, { rolloutIdentity: true });
      await request(server).post(guardPath).expect(200);

      // kubectl edit, with an editor that moves the port.
      const editor = join(home, 'editor.sh');
      writeFileSync(
        editor,
        '#!/bin/sh\nsed -i "s/port: 8443/port: 9443/" "$1"\n',
      );
      chmodSync(editor, 0o755);
      const edit = await kubectl(
        ['edit', 'networkpolicy', 'allow-checkout', '-n', 'shop'],
        { KUBE_EDITOR: editor },
      );
      expect(edit.code).not.toBe(0);
      expect(edit.stderr).toContain(denial);

      const manifest = join(home, 'allow-checkout.yaml');
      const edited = structuredClone(sealed(allowCheckout));
      edited.spec.ingress![0].ports = [{ port: 9443 }];
      writeFileSync(manifest, JSON.stringify(edited));
      const apply = await kubectl(['apply', '-f', manifest]);
      expect(apply.code).not.toBe(0);
      expect(apply.stderr).toContain(denial);

      const remove = await kubectl([
        'delete',
        'networkpolicy',
        'allow-checkout',
        '-n',
        'shop',
      ]);
      expect(remove.code).not.toBe(0);
      expect(remove.stderr).toContain(denial);

      const annotate = await kubectl([
        'annotate',
        'networkpolicy',
        'allow-checkout',
        '-n',
        'shop',
        'example.com/owner=payments',
      ]);
      expect(annotate.stderr).toBe('');
      expect(annotate.code).toBe(0);

      const [live] = await livePolicies(payments.cluster);
      expect(live.spec.ingress![0].ports).toEqual([
        expect.objectContaining({ port: 8443 }),
      ]);
    });
  });
});
