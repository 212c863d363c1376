import { mockServices } from '@backstage/backend-test-utils';
import { driftSignals } from './driftSignals';
import { payments, transition } from './__fixtures__/transitions';

function setUp() {
  const signals = { publish: jest.fn().mockResolvedValue(undefined) };
  const logger = mockServices.logger.mock();
  return { signals, logger, listener: driftSignals({ signals, logger }) };
}

describe('driftSignals', () => {
  it('publishes one broadcast signal on netseal:drift for a status change, naming the policy and both statuses', async () => {
    const { signals, listener } = setUp();

    await listener.onTransitions!(payments, [transition('in-sync', 'drifted')]);

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
  });

  it('says null for a policy first seen or no longer tracked, every change included', async () => {
    const { signals, listener } = setUp();

    await listener.onTransitions!(payments, [
      transition(undefined, 'in-sync', { name: 'new' }),
      transition('missing', undefined, { name: 'gone' }),
      transition('drifted', 'in-sync', { name: 'fixed' }),
    ]);

    expect(
      signals.publish.mock.calls.map(([signal]) => [
        signal.message.name,
        signal.message.from,
        signal.message.to,
      ]),
    ).toEqual([
      ['new', null, 'in-sync'],
      ['gone', 'missing', null],
      ['fixed', 'drifted', 'in-sync'],
    ]);
  });

  it('logs a failed publish and publishes the other changes', async () => {
    const { signals, logger, listener } = setUp();
    signals.publish.mockRejectedValueOnce(
      new Error('service is shutting down'),
    );

    await listener.onTransitions!(payments, [
      transition('in-sync', 'drifted', { name: 'a' }),
      transition('in-sync', 'drifted', { name: 'b' }),
    ]);

    expect(signals.publish).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not signal the drift status change of component:default/payments prod-eu/shop/a: service is shutting down',
    );
  });
});
