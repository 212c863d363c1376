import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import request from 'supertest';
import { recordGithubExchange } from './description/githubConformance';
import { githubFlavourOf } from './description/GithubRestDescription';
import { GithubWebhookDescription } from './description/GithubWebhookDescription';

/** The secret the tests' GitHub webhook is set up with (events.modules.github.webhookSecret). */
export const GITHUB_WEBHOOK_SECRET = 'netseal-webhook-secret';

/**
 * The two modules `@backstage/plugin-events-backend-module-github` installs: the
 * webhook's signature check and the router to `github.<event>` topics. Its default
 * export loads them with a dynamic import, which Jest's VM cannot run, so they are
 * required from the package's files; the app itself adds the package as it is.
 */
function githubEventsModules(): BackendFeature[] {
  const dist = path.dirname(
    require.resolve('@backstage/plugin-events-backend-module-github'),
  );
  return [
    'service/eventsModuleGithubWebhook.cjs.js',
    'service/eventsModuleGithubEventRouter.cjs.js',
  ].map(file => require(path.join(dist, file)).default as BackendFeature);
}

/** The backend features and config that receive GitHub webhooks, as an adopter installs them. */
export function githubWebhookSetup() {
  return {
    // Backstage's own events service, one bus for every plugin, in place of the test
    // backend's default mock, which gives each plugin a bus of its own.
    features: [eventsServiceFactory, eventsPlugin, ...githubEventsModules()],
    rootConfig: {
      events: {
        // One backend process: events go through the in-process bus only.
        useEventBus: 'never',
        modules: { github: { webhookSecret: GITHUB_WEBHOOK_SECRET } },
      },
    },
  };
}

/**
 * Delivers a GitHub webhook to Backstage's events endpoint as GitHub does: the event
 * name in `x-github-event` and the body signed with the secret in `x-hub-signature-256`.
 * The payload (best taken from `GithubFake.pullRequestEvent` and the like) is held to
 * GitHub's webhook description, of GitHub Enterprise Server when its repository's API
 * is not api.github.com's; one that does not conform fails the test that delivered it.
 */
export function deliverGithubWebhook(
  server: Parameters<typeof request>[0],
  event: string,
  payload: object,
  secret: string = GITHUB_WEBHOOK_SECRET,
) {
  const repositoryApi = (payload as { repository?: { url?: unknown } })
    .repository?.url;
  const flavour = githubFlavourOf(
    typeof repositoryApi === 'string'
      ? repositoryApi
      : 'https://api.github.com',
  );
  recordGithubExchange({
    kind: 'webhook',
    flavour,
    ...GithubWebhookDescription.of(flavour).checkPayload(event, payload),
  });
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret)
    .update(body)
    .digest('hex')}`;
  return request(server)
    .post('/api/events/http/github')
    .set('content-type', 'application/json')
    .set('x-github-event', event)
    .set('x-github-delivery', `delivery-${Date.now()}`)
    .set('x-hub-signature-256', signature)
    .send(body);
}
