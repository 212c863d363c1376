import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { stringify } from 'yaml';
import { UrlReaderPolicySourceReader } from './UrlReaderPolicySourceReader';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import { registerGithubConformanceHooks } from '@netseal/github-api-fake';
import {
  GITHUB_POLICY_SOURCE_URL,
  githubIntegrations,
  githubPolicyRepository,
  loopbackOnly,
} from '../endToEnd/__testUtils__/githubPolicySource';

const fake = githubPolicyRepository({
  'README.md': '# Policies\n',
  'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
  'payments/prod-eu/notes.md': 'not a manifest\n',
  'shop/prod-eu/allow-web.yaml': sealed({
    ...allowCheckout,
    metadata: { ...allowCheckout.metadata, name: 'allow-web' },
  }),
});
const server = setupServer(...fake.handlers());
registerGithubConformanceHooks();

function reader(token?: string) {
  return new UrlReaderPolicySourceReader(
    UrlReaders.default({
      config: mockServices.rootConfig({
        data: { integrations: githubIntegrations(token) },
      }),
      logger: mockServices.logger.mock(),
    }),
  );
}

describe("UrlReaderPolicySourceReader on GitHub Enterprise, through Backstage's GitHub reader", () => {
  beforeAll(() => server.listen({ onUnhandledRequest: loopbackOnly }));
  afterAll(() => server.close());

  it("reads the manifests of the policy source's folder on its branch, tagged with the commit", async () => {
    const content = await reader().read(GITHUB_POLICY_SOURCE_URL);

    expect(content).not.toBe('not-modified');
    if (content === 'not-modified') return;
    expect(content.etag).toBe(fake.refs.get('heads/main'));
    expect([...content.manifestsByCluster.keys()]).toEqual(['prod-eu']);
    expect(content.manifestsByCluster.get('prod-eu')).toEqual([
      expect.objectContaining({
        kind: 'sealed',
        file: 'prod-eu/allow-checkout.yaml',
        policy: sealed(allowCheckout),
        seal: sealed(allowCheckout).metadata.annotations!['netseal.io/seal'],
      }),
    ]);
  });

  it('answers not-modified while the branch has not moved, and reads a push to it', async () => {
    const first = await reader().read(GITHUB_POLICY_SOURCE_URL);
    const etag = first === 'not-modified' ? undefined : first.etag;

    const unchanged = await reader().read(GITHUB_POLICY_SOURCE_URL, etag);
    const pushed = structuredClone(allowCheckout);
    pushed.spec.ingress![0].ports = [{ port: 9443 }];
    const sha = fake.push('main', {
      'payments/prod-eu/allow-checkout.yaml': stringify(sealed(pushed)),
    });
    const after = await reader().read(GITHUB_POLICY_SOURCE_URL, etag);

    expect(unchanged).toBe('not-modified');
    expect(after).not.toBe('not-modified');
    if (after === 'not-modified') return;
    expect(after.etag).toBe(sha);
    expect(after.manifestsByCluster.get('prod-eu')).toEqual([
      expect.objectContaining({ policy: sealed(pushed) }),
    ]);
  });

  it('fails with GitHub\'s "Bad credentials" answer when the token is wrong', async () => {
    await expect(
      reader('ghp_revoked').read(GITHUB_POLICY_SOURCE_URL),
    ).rejects.toThrow(/401 Unauthorized/);
  });

  it('fails for a branch the repository does not have, as GitHub answers it (422)', async () => {
    await expect(
      reader().read(GITHUB_POLICY_SOURCE_URL.replace('/main/', '/no-such/')),
    ).rejects.toThrow(/422/);
  });
});
