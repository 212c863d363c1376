export { GithubChangeProvider } from './GithubChangeProvider';
export type { GithubChangeProviderOptions } from './GithubChangeProvider';
