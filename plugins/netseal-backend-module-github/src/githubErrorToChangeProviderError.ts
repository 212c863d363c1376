import { ChangeProviderError } from '@netseal/backstage-plugin-netseal-node';

/** What the provider was doing, for the message: the repository and the step. */
export interface GithubCallContext {
  repository: string;
  step: string;
}

/** Thrown by the provider's fetch when GitHub did not answer in time. */
export class GithubRequestTimeout extends Error {
  // Octokit rethrows an AbortError untouched and wraps every other fetch failure as a
  // status 500, which would read as GitHub failing rather than not answering.
  name = 'AbortError' as const;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

interface HttpErrorLike {
  status: number;
  message?: string;
  response?: {
    headers?: Record<string, string | number | undefined>;
    data?: unknown;
  };
}

function isHttpError(error: unknown): error is HttpErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

function header(error: HttpErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub's own words, from its error body `{ message, documentation_url }`. */
function githubMessage(error: HttpErrorLike): string {
  const data = error.response?.data;
  if (typeof data === 'object' && data !== null) {
    const message = (data as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return error.message ?? '';
}

function retryAfterOf(error: HttpErrorLike, now: Date): Date | undefined {
  const retryAfter = header(error, 'retry-after');
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) {
    return new Date(now.getTime() + Number(retryAfter) * 1000);
  }
  const reset = header(error, 'x-ratelimit-reset');
  if (reset !== undefined && /^\d+$/.test(reset.trim())) {
    return new Date(Number(reset) * 1000);
  }
  return undefined;
}

/**
 * The {@link ChangeProviderError} for a failed GitHub call, with a message that names
 * the repository and what to fix.
 */
export function githubErrorToChangeProviderError(
  error: unknown,
  context: GithubCallContext,
  now: Date = new Date(),
): ChangeProviderError {
  const { repository, step } = context;
  if (error instanceof GithubRequestTimeout) {
    return new ChangeProviderError(
      'timeout',
      `GitHub did not answer in ${error.timeoutMs} ms while Netseal was ${step} in ${repository}; try again, the request resumes where it stopped`,
      { cause: error },
    );
  }
  if (!isHttpError(error)) {
    return new ChangeProviderError(
      'unavailable',
      `GitHub could not be reached while Netseal was ${step} in ${repository}: ${String(
        (error as { message?: unknown })?.message ?? error,
      )}; check the network path to GitHub and try again`,
      { cause: error },
    );
  }
  const said = githubMessage(error);
  const { status } = error;
  if (status === 401) {
    return new ChangeProviderError(
      'unauthorized',
      `GitHub refused the credentials for ${repository} while Netseal was ${step} (401 ${said}); check integrations.github's token or GitHub App for this host`,
      { cause: error },
    );
  }
  const rateLimited =
    (status === 403 || status === 429) &&
    (header(error, 'x-ratelimit-remaining') === '0' ||
      header(error, 'retry-after') !== undefined);
  if (rateLimited) {
    const retryAfter = retryAfterOf(error, now);
    return new ChangeProviderError(
      'rate-limited',
      `GitHub rate-limited Netseal while ${step} in ${repository} (${status} ${said}); Netseal tries again${
        retryAfter ? ` after ${retryAfter.toISOString()}` : ' later'
      }`,
      { cause: error, retryAfter },
    );
  }
  if (status === 403) {
    return new ChangeProviderError(
      'forbidden',
      `GitHub forbade ${step} in ${repository} (403 ${said}); check the GitHub App's installation on ${repository} (or the token) has Contents and Pull requests write`,
      { cause: error },
    );
  }
  if (status === 404) {
    return new ChangeProviderError(
      'not-found',
      `GitHub found nothing while Netseal was ${step} in ${repository} (404 ${said}); check the repository and branch exist and the GitHub App is installed on ${repository}`,
      { cause: error },
    );
  }
  if (status === 409 || status === 422) {
    return new ChangeProviderError(
      'conflict',
      `GitHub refused ${step} in ${repository} (${status} ${said}); the branch exists with other content or the base branch moved, so file the request again against the current policies`,
      { cause: error },
    );
  }
  return new ChangeProviderError(
    'unavailable',
    `GitHub failed while Netseal was ${step} in ${repository} (${status} ${said}); try again when GitHub is back`,
    { cause: error },
  );
}
