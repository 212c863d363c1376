import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { githubWithPolicies } from './__testUtils__/githubTestProvider';

const server = setupServer();
registerMswTestHooks(server);

const rules = {
  requiredApprovals: 1,
  requester: { userEntityRef: 'user:default/jane', login: 'jane-gh' },
};
const closedBy = { closedBy: 'user:default/ana' };

async function openedRequest() {
  const { fake, provider, input } = githubWithPolicies();
  server.use(...fake.handlers());
  const ref = await provider.openChange(input);
  return { fake, provider, ref };
}

describe('GithubChangeProvider.close', () => {
  it('closes the open pull request on GitHub, keeping its branch, and reads it closed after', async () => {
    const { fake, provider, ref } = await openedRequest();

    await provider.close(ref, closedBy);

    expect(fake.pulls[0]).toEqual(
      expect.objectContaining({
        state: 'closed',
        merged: false,
        closedAt: expect.any(String),
      }),
    );
    expect(fake.refs.has('heads/netseal/request-12')).toBe(true);
    expect(fake.callsTo('updatePull')).toBe(1);
    await expect(provider.getChange(ref, rules)).resolves.toMatchObject({
      state: 'closed',
    });
  });

  it('leaves a pull request closed on GitHub as it is, without a second update', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.closePullRequest(1);

    await provider.close(ref, closedBy);

    expect(fake.callsTo('updatePull')).toBe(0);
    expect(fake.pulls[0].state).toBe('closed');
  });

  it('refuses to close a merged pull request as a conflict, and changes nothing', async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.review(1, { login: 'ana', state: 'APPROVED' });
    fake.mergePullRequest(1, { mergedBy: 'ana' });

    await expect(provider.close(ref, closedBy)).rejects.toMatchObject({
      name: 'ChangeProviderError',
      kind: 'conflict',
      message:
        'pull request #1 in acme/policies is merged; a merged change cannot be closed',
    });
    expect(fake.callsTo('updatePull')).toBe(0);
  });

  it("answers GitHub's refusal of the update (403) as forbidden, leaving the pull request open", async () => {
    const { fake, provider, ref } = await openedRequest();
    fake.fail('updatePull', {
      status: 403,
      message: 'Resource not accessible by integration',
    });

    await expect(provider.close(ref, closedBy)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect(fake.pulls[0].state).toBe('open');
  });
});
