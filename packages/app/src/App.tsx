import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import netsealPlugin from '@netseal/backstage-plugin-netseal/alpha';
import { navModule } from './modules/nav';
import { demoSignInModule } from './modules/demoSignIn';

export default createApp({
  features: [
    catalogPlugin,
    netsealPlugin,
    navModule,
    // The demo's sign-in page offers a reviewer besides the guest; production builds
    // keep Backstage's guest-only page.
    ...(process.env.NODE_ENV === 'development' ? [demoSignInModule] : []),
  ],
});
