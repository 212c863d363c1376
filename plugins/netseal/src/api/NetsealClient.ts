import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { NetsealApi, NetsealHealth } from './NetsealApi';

/** Talks to Netseal's backend through Backstage's discovery and fetch APIs. @public */
export class NetsealClient implements NetsealApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getHealth(): Promise<NetsealHealth> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('netseal');
    const response = await this.options.fetchApi.fetch(`${baseUrl}/health`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
