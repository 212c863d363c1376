import { parseGithubPolicySourceUrl } from './parseGithubPolicySourceUrl';

describe('parseGithubPolicySourceUrl', () => {
  it('reads host, owner, repository, branch and folder of a tree URL', () => {
    expect(
      parseGithubPolicySourceUrl(
        'https://ghe.example.com/acme/policies/tree/main/netpol/prod-eu/',
      ),
    ).toEqual({
      host: 'ghe.example.com',
      owner: 'acme',
      repo: 'policies',
      ref: 'main',
      path: 'netpol/prod-eu',
    });
  });

  it('leaves the branch to the default branch when the URL names the repository only', () => {
    expect(
      parseGithubPolicySourceUrl('https://github.com/acme/policies.git'),
    ).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'policies',
      ref: undefined,
      path: '',
    });
  });

  it.each([
    ['https://github.com/acme', /names no owner and repository/],
    ['https://github.com/acme/policies/pulls/1', /"pulls" where "tree"/],
    ['https://github.com/acme/policies/tree', /names no branch/],
    ['ssh://git@github.com/acme/policies', /not an http\(s\) URL/],
  ])('refuses %s, saying what form to use', (url, why) => {
    expect(() => parseGithubPolicySourceUrl(url)).toThrow(why);
    expect(() => parseGithubPolicySourceUrl(url)).toThrow(
      /https:\/\/github\.com\/acme\/policies\/tree\/main\/netpol/,
    );
  });
});
