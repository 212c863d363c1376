import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import techInsightsModuleNetsealFacts, {
  NETSEAL_FACT_RETRIEVER_ID,
} from '@netseal/backstage-plugin-netseal-backend-module-tech-insights';
import request from 'supertest';
import { PAYMENTS, patchLivePolicy } from './__testUtils__/endToEnd';
import { usePaymentsBackend } from './__testUtils__/usePaymentsBackend';
import { waitFor } from '../clusters/__testUtils__/waitFor';

describe("Netseal's facts in Tech Insights", () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const payments = usePaymentsBackend();

  it('publishes the share sealed and in sync, the unprotected clusters and the days since the last drift, per entity', async () => {
    let techInsightsScheduler: SchedulerService | undefined;
    const { server, triggerTask } = await payments.start({
      features: [
        techInsightsPlugin,
        techInsightsModuleNetsealFacts,
        createBackendModule({
          pluginId: 'tech-insights',
          moduleId: 'test-scheduler',
          register(env) {
            env.registerInit({
              deps: { scheduler: coreServices.scheduler },
              async init({ scheduler }) {
                techInsightsScheduler = scheduler;
              },
            });
          },
        }),
      ],
      rootConfig: {
        techInsights: {
          factRetrievers: { netsealFactRetriever: { cadence: '0 * * * *' } },
        },
      },
    });

    const latestFacts = async () => {
      await techInsightsScheduler!.triggerTask(NETSEAL_FACT_RETRIEVER_ID);
      const res = await request(server)
        .get('/api/tech-insights/facts/latest')
        .query({ entity: PAYMENTS, 'ids[]': NETSEAL_FACT_RETRIEVER_ID });
      return res.body[NETSEAL_FACT_RETRIEVER_ID]?.facts;
    };

    // One sealed policy, in sync; the test cluster has no guard installed.
    expect(await latestFacts()).toEqual({
      policyCount: 1,
      sealedShare: 1,
      inSyncShare: 1,
      unprotectedClusters: 1,
      unprotectedClusterNames: ['prod-eu'],
      daysSinceLastDrift: -1,
    });

    await patchLivePolicy(payments.cluster, {
      spec: { ingress: [{ ports: [{ port: 9443 }] }] },
    });
    await triggerTask('netseal-cluster-resync');
    await waitFor(
      async () => (await latestFacts())?.inSyncShare === 0,
      'the drift in the facts',
    );
    expect(await latestFacts()).toMatchObject({
      sealedShare: 1,
      inSyncShare: 0,
      daysSinceLastDrift: 0,
    });
  });
});
