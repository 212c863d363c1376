import type { Entity } from '@backstage/catalog-model';

interface Entry {
  expiresAt: number;
  entity: Promise<Entity | undefined>;
}

/**
 * Catalog entities read for authorization, reused for `stalenessMs` per caller and entity
 * (a removed entity, or a caller who may no longer see it, shows within that time), and
 * shared by concurrent reads: page loads of one service by one caller cost one catalog
 * read per period, whatever their number. A failed read is not kept. At most `maxEntries`
 * are kept, the oldest dropped first.
 */
export class CatalogEntityCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly options: {
      stalenessMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  get(
    key: string,
    read: () => Promise<Entity | undefined>,
  ): Promise<Entity | undefined> {
    const now = (this.options.now ?? Date.now)();
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.entity;
    }
    const entity = read();
    const entry = { expiresAt: now + this.options.stalenessMs, entity };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.options.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    entity.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entity;
  }
}
