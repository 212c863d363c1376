/**
 * A stand-in for the parts of GitHub's REST API and webhooks that Netseal's GitHub module
 * uses, served as msw handlers. Dev-only: tests and walk-throughs depend on it, the
 * product never does.
 *
 * @packageDocumentation
 */

export { GithubFake } from './GithubFake';
export type {
  FakeComment,
  FakeCommit,
  FakePull,
  FakeReview,
  FakeRole,
  GithubEndpoint,
  GithubFault,
} from './GithubFake';
export {
  deliverGithubWebhook,
  GITHUB_WEBHOOK_SECRET,
  githubWebhookSetup,
} from './githubWebhook';
