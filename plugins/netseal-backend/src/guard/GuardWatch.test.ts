import { mockServices } from '@backstage/backend-test-utils';
import type { TestCluster } from '../clusters/__testUtils__/testClusters';
import { fetchWithCa } from '../clusters/__testUtils__/testClusters';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import {
  applyGuardAsAdmin,
  guardTokens,
  startGuardCluster,
  testGuardManifests,
} from './__testUtils__/guardedCluster';
import { GuardService } from './GuardService';
import { GuardWatch } from './GuardWatch';

jest.setTimeout(60_000);

describe('GuardWatch', () => {
  let cluster: TestCluster;
  let watch: GuardWatch | undefined;

  beforeAll(async () => {
    cluster = await startGuardCluster();
  });

  afterEach(async () => {
    await watch?.stop();
  });

  afterAll(async () => {
    await cluster.server.stop();
  });

  it('reads the guard again as soon as its objects are created or deleted, so kubectl delete shows as unprotected', async () => {
    const guards = new GuardService({
      cluster: () => cluster.details(),
      deleteExceptions: [guardTokens.cleanupBot.username],
      auditor: mockServices.auditor.mock(),
      logger: mockServices.logger.mock(),
    });
    const checked: string[] = [];
    watch = new GuardWatch({
      clusters: [cluster.details()],
      onChange: async name => {
        checked.push(name);
        await guards.check(name);
      },
      logger: mockServices.logger.mock(),
      debounceMs: 20,
    });
    watch.start();
    await waitFor(
      () => guards.cached('guarded')?.status === 'unprotected',
      'the first read after the first list',
    );

    await applyGuardAsAdmin(cluster, testGuardManifests());
    await waitFor(
      () => guards.cached('guarded')?.status === 'protected',
      'the guard read as protected after its objects were created',
    );

    const deleted = await fetchWithCa(
      cluster,
      'DELETE',
      '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/netseal-guard',
      undefined,
      guardTokens.admin.token,
    );
    expect(deleted.ok).toBe(true);
    await waitFor(
      () => guards.cached('guarded')?.status === 'unprotected',
      'the guard read as unprotected after its binding was deleted',
    );
    expect(guards.cached('guarded')?.reason).toContain(
      'has no binding netseal-guard',
    );
    expect(new Set(checked)).toEqual(new Set(['guarded']));
  });

  it('follows a cluster once however often it is told to, and closes its watches when told to leave it', async () => {
    const openWatches = async (): Promise<number> =>
      JSON.parse(
        (
          await fetchWithCa(
            cluster,
            'GET',
            '/__testserver/state',
            undefined,
            cluster.server.adminToken,
          )
        ).text,
      ).openWatches;
    const checked: string[] = [];
    watch = new GuardWatch({
      clusters: [cluster.details()],
      onChange: name => checked.push(name),
      logger: mockServices.logger.mock(),
      debounceMs: 20,
    });
    await waitFor(
      async () => (await openWatches()) === 0,
      'the earlier test’s watches to close',
    );

    watch.watch(['guarded']);
    watch.watch(['guarded']);
    await waitFor(
      () => checked.length > 0,
      'the first read after the first list',
    );
    // One watch per guard object: the admission policy, its binding, the parameters.
    await waitFor(
      async () => (await openWatches()) === 3,
      'the guard’s three watches',
    );
    expect(await openWatches()).toBe(3);

    await watch.unwatch(['guarded']);
    await waitFor(
      async () => (await openWatches()) === 0,
      'the guard’s watches to close',
    );
  });
});
