import { mockServices } from '@backstage/backend-test-utils';
import { Knex, knex as createKnex } from 'knex';

/**
 * An in-memory SQLite database for a test backend, and a way to close it. The default
 * mock database service never destroys its connection pools when the backend stops,
 * and their reaping timers keep Jest's worker alive after the tests end.
 */
export function inMemoryDatabase(): {
  factory: ReturnType<typeof mockServices.database.factory>;
  destroy(): Promise<void>;
} {
  const knex: Knex = createKnex({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  return {
    factory: mockServices.database.factory({ knex }),
    destroy: async () => {
      await knex.destroy();
      // A plugin's poller may still query once after its backend stopped (the
      // scaffolder's task watcher polls every second until it sees a completion). Such a
      // query now waits forever, holding no timer, instead of rejecting into whichever
      // test this Jest worker runs next.
      knex.client.acquireConnection = () => new Promise(() => {});
    },
  };
}
