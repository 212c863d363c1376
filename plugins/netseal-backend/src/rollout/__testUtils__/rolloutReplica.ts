import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { computeSeal } from '@netseal/backstage-plugin-netseal-common';
import type {
  MergedChange,
  NetsealChangeProvider,
} from '@netseal/backstage-plugin-netseal-node';
import { knex as createKnex, Knex } from 'knex';
import { kubeRequest } from '../../clusters/__testUtils__/testClusters';
import { stringify } from 'yaml';
import type { TestCluster } from '../../clusters/__testUtils__/testClusters';
import type { DatabaseRequestStore } from '../../database/DatabaseRequestStore';
import { NetsealDatabase } from '../../database/NetsealDatabase';
import { RolloutExecutor } from '../RolloutExecutor';
import { RolloutService, RolloutServiceOptions } from '../RolloutService';
import type { RolloutStore } from '../../database/RolloutStore';
import {
  checkoutEgress,
  newAllowPayments,
  oldAllowPayments,
} from './rolloutCluster';

export const ALLOW_PAYMENTS_FILE = 'shop-eu/allow-payments.yaml';

/** A Git host where every change is merged with ana's counted approval; it keeps its comments. */
export function mergingHost(): NetsealChangeProvider & { comments: string[] } {
  const comments: string[] = [];
  return {
    id: 'fake-host',
    comments,
    supports: () => true,
    openChange: async () => {
      throw new Error('not used');
    },
    getChange: async () => {
      throw new Error('not used');
    },
    getMergedChange: async (): Promise<MergedChange> => ({
      state: 'merged',
      baseBranch: 'main',
      mergedInto: 'main',
      mergeCommitOnBase: true,
      mergeCommitSha: 'abc123',
      headSha: 'head',
      mergedBy: 'riley',
      reviews: [
        {
          reviewer: 'ana',
          decision: 'approved',
          commitSha: 'head',
          at: '2026-12-01T09:00:00Z',
          counted: true,
        },
      ],
      approvals: 1,
      files: { [ALLOW_PAYMENTS_FILE]: stringify(newAllowPayments) },
    }),
    commentOnChange: async (_ref, body) => {
      comments.push(body);
    },
  };
}

/** The request and rollout stores on `knex`, migrated. */
export async function rolloutStores(knex: Knex) {
  const { requestStore, rolloutStore } = await NetsealDatabase.create({
    database: mockServices.database({ knex }),
  });
  return { requestStore, rolloutStore };
}

/** Stores a merged request replacing allow-payments in shop-eu; answers its id. */
export async function mergedAllowPaymentsRequest(
  requestStore: DatabaseRequestStore,
  host: NetsealChangeProvider,
): Promise<string> {
  const stored = await requestStore.create(
    {
      entityRef: 'component:default/payments',
      reason: 'billing, not checkout, calls payments',
      requester: 'user:default/jane',
      providerId: host.id,
      changes: [
        {
          op: 'replace',
          cluster: 'shop-eu',
          namespace: 'shop',
          name: 'allow-payments',
          file: ALLOW_PAYMENTS_FILE,
          oldSeal: computeSeal(oldAllowPayments),
          newSeal: computeSeal(newAllowPayments),
          text: stringify(newAllowPayments),
          oldManifest: oldAllowPayments,
        },
      ],
    },
    new Date(),
  );
  if (!('created' in stored)) throw new Error('request not created');
  const id = stored.created.id;
  await requestStore.setChangeRef(
    id,
    {
      providerId: host.id,
      policySourceUrl: 'https://git.example.com/policies',
      branch: `netseal/request-${id}`,
      changeId: '7',
      url: 'https://git.example.com/policies/pull/7',
    },
    new Date(),
  );
  await requestStore.transition(id, {
    to: 'merged',
    actor: 'riley',
    at: new Date(),
  });
  return id;
}

/** One backend replica's rollout service, executing against `cluster` with short retries. */
export function rolloutReplica(options: {
  requestStore: DatabaseRequestStore;
  store: RolloutStore;
  cluster: TestCluster;
  host: NetsealChangeProvider;
  now?: () => Date;
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
  logger?: ReturnType<typeof mockServices.logger.mock>;
  notifications?: NotificationService;
  requestPageUrl?: RolloutServiceOptions['requestPageUrl'];
}): RolloutService {
  const now = options.now ?? (() => new Date());
  const { requestStore } = options;
  return new RolloutService({
    requests: {
      getStored: async id => (await requestStore.get(id))!,
      transition: async (id, transition) =>
        (await requestStore.transition(id, { ...transition, at: now() }))
          .request,
      list: listOptions => requestStore.list(listOptions),
      // Tests move requests through the store and start rollouts themselves.
      subscribe: () => () => {},
    },
    store: options.store,
    providers: [options.host],
    cluster: name =>
      name === options.cluster.name ? options.cluster.details() : undefined,
    // Nothing to list on demand: these tests give every change its old manifest.
    liveView: { load: async () => {} } as never,
    auditor: options.auditor ?? mockServices.auditor.mock(),
    logger: options.logger ?? mockServices.logger.mock(),
    notifications: options.notifications,
    requestPageUrl: options.requestPageUrl,
    requiredApprovals: 1,
    autoStart: false,
    executor: (_details, { kubeConfig }) =>
      new RolloutExecutor({
        kubeConfig,
        attempts: 2,
        retry: { initialDelayMs: 1, maxDelayMs: 2 },
      }),
    now,
  });
}

/**
 * Per test: namespace shop back to the old allow-payments and checkout-egress, and a new
 * in-memory database, closed after the test. Read `knex` inside tests.
 */
export function useRolloutTestState(cluster: () => TestCluster): {
  readonly knex: Knex;
} {
  let knex: Knex | undefined;
  const policiesPath =
    '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';
  beforeEach(async () => {
    await kubeRequest(cluster(), 'DELETE', policiesPath);
    for (const policy of [oldAllowPayments, checkoutEgress]) {
      await kubeRequest(cluster(), 'POST', policiesPath, policy);
    }
    knex = createKnex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  });
  afterEach(async () => {
    await knex?.destroy();
  });
  return {
    get knex() {
      return knex!;
    },
  };
}
