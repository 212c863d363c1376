import { createServiceFactory } from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import request from 'supertest';
import { pause, waitFor } from '../clusters/__testUtils__/waitFor';
import {
  clusterConfig,
  createPolicyRepository,
  NetsealTestBackend,
  patchLivePolicy,
  PolicyRepository,
  policiesPath,
  startNetsealBackend,
  startTestCluster,
} from './__testUtils__/endToEnd';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';

describe('telling people about drift (notifications and signals), end to end', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  let repository: PolicyRepository;
  let cluster: KubeApiTestServer;
  let backend: NetsealTestBackend;
  const notifications = { send: jest.fn().mockResolvedValue(undefined) };
  const signals = { publish: jest.fn().mockResolvedValue(undefined) };

  beforeAll(async () => {
    repository = createPolicyRepository({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
    cluster = await startTestCluster([sealed(allowCheckout)]);
    backend = await startNetsealBackend({
      repository,
      clusters: [clusterConfig('prod-eu', cluster)],
      features: [
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications,
        }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => signals,
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await patchLivePolicy(cluster, { spec: allowCheckout.spec });
    await cluster?.stop();
    repository?.remove();
  });

  it('notifies the entity once when a live edit makes its policy drift, and not again on a resync that changes nothing', async () => {
    await waitFor(async () => {
      const res = await request(backend.server).get(policiesPath);
      return res.body.items?.[0]?.status === 'in-sync';
    }, 'allow-checkout in sync');
    // Being seen in sync for the first time is nothing to tell the owners about.
    expect(notifications.send).not.toHaveBeenCalled();
    signals.publish.mockClear();

    const edited = sealed(allowCheckout);
    edited.spec.ingress![0].ports = [{ port: 9443 }];
    await patchLivePolicy(cluster, { spec: edited.spec });
    await waitFor(async () => {
      const res = await request(backend.server).get(policiesPath);
      return res.body.items?.[0]?.status === 'drifted';
    }, 'allow-checkout drifted');
    await waitFor(
      () => notifications.send.mock.calls.length > 0,
      'the notification',
    );

    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'component:default/payments' },
      payload: expect.objectContaining({
        title: 'NetworkPolicy shop/allow-checkout in prod-eu is drifted',
        severity: 'high',
      }),
    });
    expect(signals.publish).toHaveBeenCalledTimes(1);
    expect(signals.publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: 'netseal:drift',
      message: {
        entityRef: 'component:default/payments',
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'allow-checkout',
        from: 'in-sync',
        to: 'drifted',
      },
    });

    // A full resync: every cluster re-listed, every policy source read, every entity checked.
    await backend.triggerTask('netseal-cluster-resync');
    await backend.triggerTask('netseal-drift-sync');
    // Live re-lists are checked after a short debounce; give them time to (not) notify.
    await pause(1000);

    const res = await request(backend.server).get(policiesPath);
    expect(res.body.items[0].status).toBe('drifted');
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(signals.publish).toHaveBeenCalledTimes(1);
  });
});
