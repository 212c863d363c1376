import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  ChangeProviderError,
  isChangeProviderError,
} from '@netseal/backstage-plugin-netseal-node';
import { setupServer } from 'msw/node';
import { githubWithPolicies } from './__testUtils__/githubTestProvider';

const server = setupServer();
registerMswTestHooks(server);

const requester = { userEntityRef: 'user:default/jane', login: 'jane-gh' };

async function failure(
  promise: Promise<unknown>,
): Promise<ChangeProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isChangeProviderError(error)) {
    throw new Error(`expected a ChangeProviderError, got ${String(error)}`);
  }
  return error;
}

describe('GithubChangeProvider on GitHub failures', () => {
  it('answers wrong credentials (401) as unauthorized, naming the repository', async () => {
    const { fake, provider, input } = githubWithPolicies({
      token: 'ghs_revoked',
    });
    server.use(...fake.handlers());

    const error = await failure(provider.openChange(input));

    expect(error.kind).toBe('unauthorized');
    expect(error.message).toContain('acme/policies');
    expect(error.message).toContain('Bad credentials');
  });

  it('answers a primary rate limit (403, x-ratelimit-remaining 0) as rate-limited until x-ratelimit-reset', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    fake.fail('listPulls', {
      status: 403,
      message: 'API rate limit exceeded for installation ID 1.',
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '1795000000',
      },
    });

    const error = await failure(provider.openChange(input));

    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfter).toEqual(new Date(1795000000 * 1000));
  });

  it('answers a secondary rate limit (403 with retry-after) as rate-limited after that many seconds', async () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const { fake, provider, input } = githubWithPolicies({ now: () => now });
    server.use(...fake.handlers());
    const ref = await provider.openChange(input);
    fake.fail('listReviews', {
      status: 403,
      message: 'You have exceeded a secondary rate limit.',
      headers: { 'retry-after': '120' },
    });

    const error = await failure(
      provider.getChange(ref, { requiredApprovals: 1, requester }),
    );

    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfter).toEqual(new Date('2026-11-26T12:02:00Z'));
  });

  it('answers a plain 403 as forbidden, saying which permissions the App needs', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    fake.fail('createTree', {
      status: 403,
      message: 'Resource not accessible by integration',
    });

    const error = await failure(provider.openChange(input));

    expect(error.kind).toBe('forbidden');
    expect(error.message).toContain(
      "check the GitHub App's installation on acme/policies",
    );
    expect(error.message).toContain('Contents and Pull requests write');
  });

  it('answers a missing repository (404) as not-found, naming owner/repo', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());

    const error = await failure(
      provider.openChange({
        ...input,
        policySourceUrl: 'https://github.com/acme/polcies/tree/main/netpol',
      }),
    );

    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('acme/polcies');
    expect(fake.refs.size).toBe(1);
  });

  it('answers an existing branch with other content as conflict, and leaves it alone', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    const before = fake.branch('netseal/request-12', {
      'netpol/prod-eu/web.yaml': 'kind: Other\n',
    });

    const error = await failure(provider.openChange(input));

    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('branch netseal/request-12');
    expect(fake.refs.get('heads/netseal/request-12')).toBe(before);
    expect(fake.pulls).toHaveLength(0);
  });

  it('answers a branch made by someone else between the check and the creation (422) as conflict', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    fake.fail('createRef', {
      status: 422,
      message: 'Reference already exists',
    });
    fake.refs.set('heads/netseal/request-12', fake.refs.get('heads/main')!);
    // The first look finds no branch; GitHub's later answer says it exists.
    fake.fail('getRef', { status: 404, message: 'Not Found' });

    const error = await failure(provider.openChange(input));

    expect(error.kind).toBe('conflict');
    expect(fake.pulls).toHaveLength(0);
  });

  it('answers a base that moved under the commit (409) as conflict', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    fake.fail('createCommit', {
      status: 409,
      message: 'Git Repository is empty.',
    });

    const error = await failure(provider.openChange(input));

    expect(error.kind).toBe('conflict');
  });

  it('answers a 5xx as unavailable', async () => {
    const { fake, provider, input } = githubWithPolicies();
    server.use(...fake.handlers());
    fake.fail('createRef', { status: 502, message: 'Server Error' });

    const error = await failure(provider.openChange(input));

    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('acme/policies');
    expect(fake.refs.has('heads/netseal/request-12')).toBe(false);
  });

  it('answers no answer within the timeout as timeout', async () => {
    const { fake, provider, input } = githubWithPolicies({ timeoutMs: 100 });
    server.use(...fake.handlers());
    fake.fail('getPull', { hang: 'beforeWork' });
    const ref = await provider.openChange(input);

    const error = await failure(
      provider.getChange(ref, { requiredApprovals: 1, requester }),
    );

    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('100 ms');
    expect(error.message).toContain('acme/policies');
  });
});
