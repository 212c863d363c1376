import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoUsers } from './demoUsers/authModuleDemoUsers';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: guest for the embedded demo. Add a real provider for production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Development only: the demo's second person, a reviewer (auth.providers.demo, which only
// scripts/start.sh and scripts/e2e-backend.sh configure). Remove it for production.
backend.add(authModuleDemoUsers);

// Events: the catalog and signals subscribe through it, and Netseal follows GitHub's pull
// request webhooks from it (events.modules.github.webhookSecret turns the webhook on).
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// The demo allows everything; see docs/permissions.md for a policy that uses Netseal's permissions.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Netseal: sealed, immutable NetworkPolicies. Its Git hosts are modules: the local Git
// module serves policy sources kept in Git repositories on this machine (the demo's,
// see netseal.localGitReader) and files requests there; the GitHub module files them as
// pull requests on GitHub (integrations.github).
backend.add(import('@netseal/backstage-plugin-netseal-backend'));
backend.add(
  import('@netseal/backstage-plugin-netseal-backend-module-local-git'),
);
backend.add(import('@netseal/backstage-plugin-netseal-backend-module-github'));

// Where users already work. Netseal's actions (backend.actions.pluginSources) reach
// AI assistants through the MCP actions server (/api/mcp-actions/v1) and software
// templates through the scaffolder (examples/templates); Tech Insights grades services
// with Netseal's facts.
backend.add(import('@backstage/plugin-mcp-actions-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
// The catalog reads Template entities (examples/templates) only with this module.
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@netseal/backstage-plugin-netseal-backend-module-tech-insights'),
);

backend.start();
