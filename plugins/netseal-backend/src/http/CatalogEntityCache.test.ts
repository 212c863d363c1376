import type { Entity } from '@backstage/catalog-model';
import { CatalogEntityCache } from './CatalogEntityCache';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments' },
};

describe('CatalogEntityCache', () => {
  let now: number;
  const cache = () =>
    new CatalogEntityCache({
      stalenessMs: 10_000,
      maxEntries: 2,
      now: () => now,
    });

  beforeEach(() => {
    now = 0;
  });

  it('reuses a read until it is stale, then reads again', async () => {
    const entities = cache();
    const read = jest.fn(async () => payments);

    await entities.get('jane payments', read);
    now = 9_999;
    await entities.get('jane payments', read);
    expect(read).toHaveBeenCalledTimes(1);

    now = 10_000;
    await entities.get('jane payments', read);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed read', async () => {
    const entities = cache();
    const failing = jest.fn(async () => {
      throw new Error('catalog unavailable');
    });
    await expect(entities.get('jane payments', failing)).rejects.toThrow(
      'catalog unavailable',
    );

    const read = jest.fn(async () => payments);
    await expect(entities.get('jane payments', read)).resolves.toBe(payments);
  });

  it('keeps at most its number of entries, dropping the oldest', async () => {
    const entities = cache();
    const read = jest.fn(async () => payments);
    for (const key of ['a', 'b', 'c', 'a']) {
      await entities.get(key, read);
    }

    expect(read).toHaveBeenCalledTimes(4);
  });
});
