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
export {
  describeGithubViolations,
  githubConformanceCounts,
  registerGithubConformanceHooks,
  takeGithubViolations,
} from './description/githubConformance';
export type {
  GithubConformanceCounts,
  GithubExchange,
} from './description/githubConformance';
export {
  githubFlavourOf,
  GithubRestDescription,
} from './description/GithubRestDescription';
export type {
  GithubFlavour,
  GithubResponseCheck,
} from './description/GithubRestDescription';
export { GithubWebhookDescription } from './description/GithubWebhookDescription';
export type { GithubWebhookCheck } from './description/GithubWebhookDescription';
