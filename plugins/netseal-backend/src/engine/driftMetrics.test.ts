import { mockServices } from '@backstage/backend-test-utils';
import { countByStatus } from '@netseal/backstage-plugin-netseal-common';
import type { ClusterStatusCounts } from '../database';
import { driftMetrics } from './driftMetrics';
import { RecordingMetricsService } from './__testUtils__/RecordingMetricsService';
import { payments, transition } from './__fixtures__/transitions';

function setUp(countByCluster: () => Promise<ClusterStatusCounts[]>) {
  const metrics = new RecordingMetricsService();
  const logger = mockServices.logger.mock();
  const listener = driftMetrics({
    metrics,
    store: { countByCluster: jest.fn(countByCluster) },
    logger,
  });
  return { metrics, logger, listener };
}

const noCounts = async () => [];

describe('driftMetrics', () => {
  it('counts each stored status change by its new status, removed for a policy no longer tracked', async () => {
    const { metrics, listener } = setUp(noCounts);

    await listener.onTransitions!(payments, [
      transition('in-sync', 'drifted', { name: 'a' }),
      transition(undefined, 'in-sync', { name: 'b' }),
      transition('missing', undefined, { name: 'c' }),
    ]);

    expect(metrics.recorded('netseal.drift.transitions')).toEqual([
      { value: 1, attributes: { status: 'drifted' } },
      { value: 1, attributes: { status: 'in-sync' } },
      { value: 1, attributes: { status: 'removed' } },
    ]);
  });

  it('records detection latency in seconds', () => {
    const { metrics, listener } = setUp(noCounts);

    listener.onLiveChangeChecked!(250);

    expect(metrics.recorded('netseal.drift.detection_latency')).toEqual([
      { value: 0.25 },
    ]);
  });

  it('exports the stored policies of every cluster and status as netseal.drift.policies, read at each collection', async () => {
    let drifted = 1;
    const { metrics } = setUp(async () => [
      {
        cluster: 'prod-eu',
        counts: { ...countByStatus([]), drifted, 'in-sync': 7 },
      },
      { cluster: 'prod-us', counts: { ...countByStatus([]), unknown: 3 } },
    ]);

    const first = await metrics.collect('netseal.drift.policies');
    expect(first).toHaveLength(12);
    expect(first).toEqual(
      expect.arrayContaining([
        { value: 1, attributes: { cluster: 'prod-eu', status: 'drifted' } },
        { value: 7, attributes: { cluster: 'prod-eu', status: 'in-sync' } },
        { value: 0, attributes: { cluster: 'prod-eu', status: 'unknown' } },
        { value: 3, attributes: { cluster: 'prod-us', status: 'unknown' } },
        { value: 0, attributes: { cluster: 'prod-us', status: 'in-sync' } },
      ]),
    );

    drifted = 4;
    expect(await metrics.collect('netseal.drift.policies')).toContainEqual({
      value: 4,
      attributes: { cluster: 'prod-eu', status: 'drifted' },
    });
  });

  it('observes nothing and logs why when the store cannot count', async () => {
    const { metrics, logger } = setUp(async () => {
      throw new Error('connection refused');
    });

    expect(await metrics.collect('netseal.drift.policies')).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not count drift statuses for netseal.drift.policies: connection refused',
    );
  });
});
