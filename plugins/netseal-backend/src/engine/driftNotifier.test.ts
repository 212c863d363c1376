import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { driftNotifier } from './driftNotifier';
import { payments, transition } from './__fixtures__/transitions';

function setUp(send: NotificationService['send'] = jest.fn()) {
  const notifications = { send: jest.fn(send) };
  const logger = mockServices.logger.mock();
  const listener = driftNotifier({ notifications, logger });
  return { notifications, logger, listener };
}

describe('driftNotifier', () => {
  it('tells the entity’s owners once when a policy leaves in-sync, with what it became and why', async () => {
    const { notifications, listener } = setUp();

    await listener.onTransitions!(payments, [
      transition('in-sync', 'drifted', {
        reason: 'spec.ingress[0].ports[0].port differs from the seal',
      }),
    ]);

    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'component:default/payments' },
      payload: {
        title: 'NetworkPolicy shop/allow-checkout in prod-eu is drifted',
        description: 'spec.ingress[0].ports[0].port differs from the seal',
        severity: 'high',
        topic: 'netseal-drift',
        scope: 'netseal:drift:prod-eu/shop/allow-checkout',
      },
    });
  });

  it('says who changed the policy, as the cluster attributes it', async () => {
    const { notifications, listener } = setUp();

    await listener.onTransitions!(payments, [
      transition('in-sync', 'drifted', {
        reason: 'spec.ingress[0].ports[0].port differs from the seal',
        attribution: {
          writer: 'manual',
          manager: 'kubectl-edit',
          operation: 'Update',
          time: '2026-12-06T12:03:11.000Z',
          generation: 2,
        },
      }),
      transition('in-sync', 'missing', {
        name: 'deny-all',
        reason: 'sealed in Git, absent live',
        attribution: { writer: 'unknown', reason: 'the policy is absent live' },
      }),
    ]);

    expect(
      notifications.send.mock.calls.map(
        ([options]) => options.payload.description,
      ),
    ).toEqual([
      'spec.ingress[0].ports[0].port differs from the seal. Changed by kubectl-edit (a manual edit, Update at 2026-12-06T12:03:11.000Z; generation 2).',
      'sealed in Git, absent live. Who changed it is unknown: the policy is absent live.',
    ]);
  });

  it('sends one notification per policy that left in-sync in the same check', async () => {
    const { notifications, listener } = setUp();

    await listener.onTransitions!(payments, [
      transition('in-sync', 'missing', { name: 'allow-checkout' }),
      transition('in-sync', 'unsealed', { name: 'deny-all' }),
    ]);

    expect(
      notifications.send.mock.calls.map(([options]) => options.payload.title),
    ).toEqual([
      'NetworkPolicy shop/allow-checkout in prod-eu is missing',
      'NetworkPolicy shop/deny-all in prod-eu is unsealed',
    ]);
  });

  it('marks an unreachable cluster as normal severity, drift as high', async () => {
    const { notifications, listener } = setUp();

    await listener.onTransitions!(payments, [
      transition('in-sync', 'unknown', { name: 'a' }),
      transition('in-sync', 'drifted', { name: 'b' }),
    ]);

    expect(
      notifications.send.mock.calls.map(
        ([options]) => options.payload.severity,
      ),
    ).toEqual(['normal', 'high']);
  });

  it.each([
    ['first seen out of sync', undefined, 'drifted'],
    ['back in sync', 'drifted', 'in-sync'],
    ['between two statuses that are not in-sync', 'drifted', 'missing'],
    ['no longer tracked', 'in-sync', undefined],
    ['first seen in sync', undefined, 'in-sync'],
  ] as const)('stays silent for a policy %s', async (_case, from, to) => {
    const { notifications, listener } = setUp();

    await listener.onTransitions!(payments, [transition(from, to)]);

    expect(notifications.send).not.toHaveBeenCalled();
  });

  it('logs a failed send and still notifies about the other policies', async () => {
    const { notifications, logger, listener } = setUp(
      jest
        .fn()
        .mockRejectedValueOnce(new Error('notifications backend not found'))
        .mockResolvedValue(undefined),
    );

    await listener.onTransitions!(payments, [
      transition('in-sync', 'drifted', { name: 'a' }),
      transition('in-sync', 'drifted', { name: 'b' }),
    ]);

    expect(notifications.send).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify the owners of component:default/payments about prod-eu/shop/a: notifications backend not found',
    );
  });
});
