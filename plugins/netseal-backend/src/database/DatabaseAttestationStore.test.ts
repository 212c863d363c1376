import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { NetsealDatabase } from './NetsealDatabase';

jest.setTimeout(60_000);

const attestation = {
  id: 'req-1',
  kind: 'request' as const,
  entityRef: 'component:default/payments',
  keyId: `sha256:${'0'.repeat(64)}`,
  envelope: {
    payloadType: 'application/vnd.in-toto+json',
    payload: 'eyJhIjoxfQ==',
    signatures: [{ keyid: `sha256:${'0'.repeat(64)}`, sig: 'c2ln' }],
  },
  createdAt: new Date('2026-12-08T09:00:00Z'),
};

describe('DatabaseAttestationStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let database: NetsealDatabase;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      database = await NetsealDatabase.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    beforeEach(async () => {
      await knex('netseal_attestations').delete();
    });

    it('gives back the envelope exactly as signed', async () => {
      await database.attestationStore.add(attestation);
      expect(await database.attestationStore.get('req-1')).toEqual(attestation);
      expect(await database.attestationStore.get('req-2')).toBeUndefined();
    });

    it('keeps the first attestation of a rollout when another replica signs it again', async () => {
      await database.attestationStore.add(attestation);
      await database.attestationStore.add({
        ...attestation,
        envelope: { ...attestation.envelope, payload: 'e30=' },
      });
      expect(
        (await database.attestationStore.get('req-1'))?.envelope.payload,
      ).toBe('eyJhIjoxfQ==');
    });
  });
});
