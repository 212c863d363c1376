/*
 * A Netseal backend in a process of its own, for tests that kill it with SIGKILL and start
 * it again on the same database: Backstage's own backend (`createBackend`, with the real
 * scheduler, database service and HTTP server on 127.0.0.1), the Netseal plugin and the
 * local Git module; only auth, permissions and the catalog (payments) are test doubles.
 * Its settings come as JSON in NETSEAL_CHILD_BACKEND (see ChildBackendSettings).
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs childBackend.ts
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ChildBackendSettings } from './childBackendProcess';

const settings = JSON.parse(
  process.env.NETSEAL_CHILD_BACKEND ?? '{}',
) as ChildBackendSettings;

// The test process is gone (finished, failed or killed): nothing will stop this one.
process.on('disconnect', () => process.exit(1));

const backend = createBackend();
backend.add(
  mockServices.rootConfig.factory({
    data: {
      backend: {
        baseUrl: `http://127.0.0.1:${settings.port}`,
        listen: { host: '127.0.0.1', port: settings.port },
        database: settings.database,
      },
      netseal: settings.netseal,
    },
  }),
);
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(mockServices.permissions.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'payments',
          namespace: 'default',
          annotations: {
            'netseal.io/policy-source': settings.policySource,
            'backstage.io/kubernetes-id': 'payments',
          },
        },
        spec: { owner: 'group:default/payments-team' },
      },
    ],
  }),
);
backend.add(import('../../index'));
backend.add(
  import('@netseal/backstage-plugin-netseal-backend-module-local-git'),
);
backend.start();
