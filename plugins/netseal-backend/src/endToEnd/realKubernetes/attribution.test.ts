import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  seedRealKubernetes,
  startRealKubernetes,
} from '@netseal/real-kubernetes';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { waitFor } from '../../clusters/__testUtils__/waitFor';
import { allowCheckout, sealed } from '../../__fixtures__/sealedPolicies';
import {
  createPolicyRepository,
  historyPath,
  NetsealTestBackend,
  PolicyRepository,
  policiesPath,
  seedFor,
  startNetsealBackend,
} from '../__testUtils__/endToEnd';
import {
  kubectl,
  policiesPathOf,
  realClusterConfig,
  realWrite,
} from './__testUtils__/realCluster';

// Bounds for a loaded CI machine and a real control plane, not expectations of speed.
jest.setTimeout(180_000);

const detailPath = `${policiesPath}/prod-eu/shop/allow-checkout`;

/**
 * Attribution of drift against a real kube-apiserver: the managedFields it records for
 * `kubectl edit`, for a controller's write, and nothing for a deletion.
 */
describe('attribution of drift on a real API server', () => {
  let real: RealKubernetes;
  let repository: PolicyRepository;
  let backend: NetsealTestBackend;
  let editorDir: string;

  beforeAll(async () => {
    real = await startRealKubernetes();
    await seedRealKubernetes(
      real.kubeConfig(),
      seedFor([sealed(allowCheckout)]),
    );
    repository = createPolicyRepository({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
    backend = await startNetsealBackend({
      repository,
      clusters: [realClusterConfig('prod-eu', real)],
    });
    editorDir = mkdtempSync(join(tmpdir(), 'netseal-editor-'));
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterAll(async () => {
    await backend?.stop();
    repository?.remove();
    if (editorDir) rmSync(editorDir, { recursive: true, force: true });
    await real?.stop();
  });

  async function detail() {
    return (await request(backend.server).get(detailPath)).body as {
      status: string;
      attribution?: Record<string, unknown>;
    };
  }

  async function untilStatus(status: string) {
    await waitFor(
      async () => (await detail()).status === status,
      `allow-checkout ${status}`,
      { timeoutMs: 60_000 },
    );
  }

  async function restoreSealed() {
    await realWrite(
      real,
      'admin',
      'DELETE',
      `${policiesPathOf('shop')}/allow-checkout`,
    ).catch(() => undefined);
    await realWrite(
      real,
      'admin',
      'POST',
      policiesPathOf('shop'),
      sealed(allowCheckout),
    );
    await untilStatus('in-sync');
  }

  it('attributes a kubectl edit to kubectl-edit, a manual Update, with its time and generation', async () => {
    await untilStatus('in-sync');
    const editor = join(editorDir, 'editor.sh');
    writeFileSync(
      editor,
      '#!/bin/sh\nsed -i "s/port: 8443/port: 9443/" "$1"\n',
    );
    chmodSync(editor, 0o755);
    const edit = await kubectl(
      real,
      'admin',
      ['edit', 'networkpolicy', 'allow-checkout', '-n', 'shop'],
      { env: { EDITOR: editor, KUBE_EDITOR: editor } },
    );
    expect(edit).toMatchObject({ code: 0 });

    await untilStatus('drifted');
    const { attribution } = await detail();
    expect(attribution).toEqual({
      writer: 'manual',
      manager: 'kubectl-edit',
      operation: 'Update',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      generation: 2,
    });
    const history = await request(backend.server).get(historyPath);
    expect(history.body.items[0]).toMatchObject({
      from: 'in-sync',
      to: 'drifted',
      attribution: { writer: 'manual', manager: 'kubectl-edit' },
    });
    await restoreSealed();
  });

  it('attributes a write under another field manager to that controller', async () => {
    await realWrite(
      real,
      'admin',
      'PATCH',
      `${policiesPathOf('shop')}/allow-checkout?fieldManager=policy-operator`,
      { metadata: { labels: { team: 'operators' } } },
    );

    await untilStatus('drifted');
    expect((await detail()).attribution).toMatchObject({
      writer: 'controller',
      manager: 'policy-operator',
      operation: 'Update',
    });
    await restoreSealed();
  });

  it('says a deletion is not attributed, since the cluster does not say who deleted', async () => {
    await realWrite(
      real,
      'admin',
      'DELETE',
      `${policiesPathOf('shop')}/allow-checkout`,
    );

    await untilStatus('missing');
    expect((await detail()).attribution).toEqual({
      writer: 'unknown',
      reason: expect.stringContaining('keeps no record of who deleted'),
    });
    await restoreSealed();
  });
});
