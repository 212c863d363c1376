import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import netsealPlugin from '@netseal/backstage-plugin-netseal/alpha';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, netsealPlugin, navModule],
});
