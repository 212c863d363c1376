import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import type { ChangeRef } from '@netseal/backstage-plugin-netseal-node';

/** The topics `@backstage/plugin-events-backend-module-github` publishes pull request events on. */
export const GITHUB_CHANGE_TOPICS = [
  'github.pull_request',
  'github.pull_request_review',
];

function pullRequestOf(payload: unknown): { url: string } | undefined {
  const pull = (payload as { pull_request?: { html_url?: unknown } })
    ?.pull_request;
  return typeof pull?.html_url === 'string'
    ? { url: pull.html_url }
    : undefined;
}

/**
 * Subscribes to GitHub's pull request and review events, which the GitHub events module
 * receives and checks the signature of. An event is only a hint: the request it names is
 * read again from GitHub, and its rollout verifies the approval with GitHub once more,
 * so a forged or replayed event changes nothing.
 */
export async function subscribeToGithubChangeEvents(options: {
  events: EventsService;
  logger: LoggerService;
  refresh: (only: (changeRef: ChangeRef) => boolean) => Promise<void>;
}): Promise<void> {
  await options.events.subscribe({
    id: 'netseal-requests',
    topics: GITHUB_CHANGE_TOPICS,
    async onEvent(event) {
      const pull = pullRequestOf(event.eventPayload);
      if (!pull) return;
      try {
        await options.refresh(changeRef => changeRef.url === pull.url);
      } catch (error) {
        options.logger.warn(
          `Could not follow the ${event.topic} event of ${pull.url}: ${
            (error as Error).message
          }`,
        );
      }
    },
  });
}
