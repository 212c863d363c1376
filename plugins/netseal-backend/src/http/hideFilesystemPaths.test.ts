import { hideFilesystemPaths } from './hideFilesystemPaths';

describe('hideFilesystemPaths', () => {
  it.each([
    [
      'a local change URL in a 409',
      'policy shop/allow-checkout in cluster prod-eu already has open request r1 (file:///tmp/netseal-e2e-x1/policies?branch=netseal/request-r1); review or close that request first',
      'policy shop/allow-checkout in cluster prod-eu already has open request r1 (file:…/policies?branch=netseal/request-r1); review or close that request first',
    ],
    [
      'a repository path in a git message',
      'refs/heads/main in /srv/git/policies moved while Netseal updated it; try again',
      'refs/heads/main in …/policies moved while Netseal updated it; try again',
    ],
    [
      "a quoted path in a library's message",
      "ENOENT: no such file or directory, open '/tmp/repo/.git/netseal/requests/r1.json'",
      "ENOENT: no such file or directory, open '…/r1.json'",
    ],
    [
      'a path after an equals sign',
      'Command failed: git -C=/home/backstage/policies rev-parse',
      'Command failed: git -C=…/policies rev-parse',
    ],
    [
      'a Windows path',
      'cannot read C:\\repos\\policies\\x.yaml',
      'cannot read …/x.yaml',
    ],
  ])('cuts %s to its last segment', (_case, message, expected) => {
    expect(hideFilesystemPaths(message)).toBe(expected);
  });

  it.each([
    [
      'an API path',
      'review or close that request first (GET /api/netseal/requests/r1)',
    ],
    ['an HTTPS URL', 'go to https://github.com/acme/policies/pull/7'],
    [
      'a field path',
      'changes[0].manifest: metadata.labels["netseal.io/guard"]: is reserved',
    ],
    ['a namespaced name', 'policy shop/allow-checkout is held'],
  ])('leaves %s as it is', (_case, message) => {
    expect(hideFilesystemPaths(message)).toBe(message);
  });
});
