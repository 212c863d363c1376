import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { useDriftStore } from './__testUtils__/useDriftStore';
import { at, CHECKOUT, PAYMENTS, verdict } from './__fixtures__/verdicts';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function manifest(namespace: string, name: string) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace, name },
    spec: { podSelector: { matchLabels: { app: name } } },
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseDriftStore, reading sealed manifests (%s)',
  (databaseId: TestDatabaseId) => {
    const db = useDriftStore(databases, databaseId);

    it('lists the sealed manifests of an entity by cluster, namespace and name, leaving out live-only policies and other entities', async () => {
      await db.store.replaceStatuses({
        entityRef: PAYMENTS,
        statuses: [
          verdict('deny-all', {
            cluster: 'prod-us',
            sealedManifest: manifest('payments', 'deny-all'),
          }),
          verdict('deny-all', {
            sealedManifest: manifest('payments', 'deny-all'),
          }),
          verdict('allow-checkout', {
            status: 'missing',
            liveDigest: undefined,
            sealedManifest: manifest('payments', 'allow-checkout'),
          }),
          verdict('hotfix-allow-all', {
            status: 'unsealed',
            seal: undefined,
            source: undefined,
            reason: 'in the cluster, not in the policy source',
            liveManifest: manifest('payments', 'hotfix-allow-all'),
          }),
        ],
        checkedAt: at(0),
      });
      await db.store.replaceStatuses({
        entityRef: CHECKOUT,
        statuses: [
          verdict('checkout-api', {
            sealedManifest: manifest('shop', 'checkout-api'),
          }),
        ],
        checkedAt: at(0),
      });

      expect(await db.store.listSealedManifests(PAYMENTS)).toEqual([
        {
          cluster: 'prod-eu',
          manifest: manifest('payments', 'allow-checkout'),
        },
        { cluster: 'prod-eu', manifest: manifest('payments', 'deny-all') },
        { cluster: 'prod-us', manifest: manifest('payments', 'deny-all') },
      ]);
    });

    it('lists nothing for an entity without verdicts', async () => {
      expect(
        await db.store.listSealedManifests('component:default/nobody'),
      ).toEqual([]);
    });
  },
);
