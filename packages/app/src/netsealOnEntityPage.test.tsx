import { Entity } from '@backstage/catalog-model';
import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { NetsealApi, netsealApiRef } from '@netseal/backstage-plugin-netseal';
import netsealPlugin from '@netseal/backstage-plugin-netseal/alpha';
import { screen } from '@testing-library/react';
// The test reads the demo catalog file itself, so that it checks what the demo serves;
// Jest runs in Node, whatever the app's lint rules for browser code say.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'fs';
// eslint-disable-next-line no-restricted-imports
import { resolve } from 'path';
import { parseAllDocuments } from 'yaml';

/** The demo catalog, as the backend reads it from examples/entities.yaml. */
const demoEntities: Entity[] = parseAllDocuments(
  readFileSync(resolve(__dirname, '../../../examples/entities.yaml'), 'utf8'),
)
  .map(document => document.toJS() as Entity)
  // The catalog fills in the default namespace when it reads the file.
  .map(entity => ({
    ...entity,
    metadata: { namespace: 'default', ...entity.metadata },
  }));

const noPolicies = {
  counts: {
    unknown: 0,
    missing: 0,
    drifted: 0,
    unsealed: 0,
    pending: 0,
    'in-sync': 0,
  },
  items: [],
};

const netsealApi: NetsealApi = {
  getHealth: async () => ({ status: 'ok' }),
  getEntityPolicies: async entity => ({
    entityRef: `component:default/${entity.name}`,
    ...noPolicies,
  }),
  getEntityPolicy: () => Promise.reject(new Error('no policy in this test')),
  getEntityPolicySource: () =>
    Promise.reject(new Error('no policy source in this test')),
  getEntityHistory: async () => ({ items: [] }),
  getEntityReachability: async () => ({ items: [] }),
  getFleetPolicies: async () => ({ items: [], totalCount: 0 }),
  getFleetSummary: async () => ({ counts: noPolicies.counts, clusters: [] }),
  getClusters: async () => ({ items: [] }),
  getClusterGuard: () => Promise.reject(new Error('no cluster in this test')),
  installClusterGuard: () =>
    Promise.reject(new Error('no cluster in this test')),
  uninstallClusterGuard: () =>
    Promise.reject(new Error('no cluster in this test')),
  restorePolicy: () => Promise.reject(new Error('no policy in this test')),
  listPolicyRestores: async () => ({ items: [] }),
  getPolicyProvenance: () =>
    Promise.reject(new Error('no policy in this test')),
  getAttestation: () => Promise.reject(new Error('no rollout in this test')),
  getComplianceReport: () =>
    Promise.reject(new Error('no report in this test')),
  getComplianceCsv: () => Promise.reject(new Error('no report in this test')),
  listRequests: async () => ({ items: [], totalCount: 0 }),
  getRequest: () => Promise.reject(new Error('no request in this test')),
  previewRequest: () => Promise.reject(new Error('no preview in this test')),
  createRequest: () => Promise.reject(new Error('no request in this test')),
  reviewRequest: () => Promise.reject(new Error('no request in this test')),
  mergeRequest: () => Promise.reject(new Error('no request in this test')),
  closeRequest: () => Promise.reject(new Error('no request in this test')),
  startRollout: () => Promise.reject(new Error('no request in this test')),
};

describe('the demo app, with Netseal on the catalog entity page', () => {
  it.each(['payments', 'checkout'])(
    'shows the Network policies tab and the overview card linking to it on %s',
    async name => {
      renderTestApp({
        features: [catalogPlugin, netsealPlugin],
        initialRouteEntries: [`/catalog/default/component/${name}`],
        apis: [
          catalogApiMock({ entities: demoEntities }),
          [netsealApiRef, netsealApi],
        ],
      });

      // The entity page's tabs are links in its header.
      expect(
        await screen.findByRole('link', { name: 'Network policies' }),
      ).toHaveAttribute('href', `/catalog/default/component/${name}/netseal`);
      expect(
        await screen.findByText(`No network policy protects ${name} yet.`),
      ).toBeInTheDocument();
      // The overview card links to the same tab.
      expect(
        screen.getByRole('link', { name: /View network policies/ }),
      ).toHaveAttribute('href', `/catalog/default/component/${name}/netseal`);
    },
  );
});
