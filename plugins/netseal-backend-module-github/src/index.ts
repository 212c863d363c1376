/**
 * Netseal's GitHub module: replacement requests become pull requests on GitHub.
 *
 * @packageDocumentation
 */

export { netsealModuleGithub as default } from './module';
export { GithubChangeProvider } from './GithubChangeProvider';
export type { GithubChangeProviderOptions } from './GithubChangeProvider';
