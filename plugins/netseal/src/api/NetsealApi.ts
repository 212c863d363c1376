import { createApiRef } from '@backstage/core-plugin-api';

/** What `GET /api/netseal/health` answers. @public */
export interface NetsealHealth {
  status: 'ok';
}

/** The portal's view of Netseal's backend. @public */
export interface NetsealApi {
  getHealth(): Promise<NetsealHealth>;
}

/** @public */
export const netsealApiRef = createApiRef<NetsealApi>({ id: 'plugin.netseal' });
