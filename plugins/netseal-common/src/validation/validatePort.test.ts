import { validateNetworkPolicy } from './validateNetworkPolicy';
import { manifestWith } from './__testUtils__/manifests';

const PORT = 'spec.ingress[0].ports[0]';

function problemsForPort(port: unknown) {
  return validateNetworkPolicy(manifestWith(PORT, port));
}

describe('ports', () => {
  it.each([
    ['a port number', { port: 443 }],
    ['the lowest and highest port numbers', { port: 1, endPort: 65535 }],
    ['a range of one port', { protocol: 'UDP', port: 53, endPort: 53 }],
    ['a named port', { protocol: 'TCP', port: 'http-alt' }],
    ['a named port of 15 characters', { port: 'abcdefghij-1234' }],
    ['SCTP', { protocol: 'SCTP', port: 9 }],
    ['every port of a protocol', { protocol: 'UDP' }],
  ])('accepts %s', (_, port) => {
    expect(problemsForPort(port)).toEqual([]);
  });

  it.each([
    ['port 0', { port: 0 }, 'port', 'must be between 1 and 65535 (got 0)'],
    [
      'port 65536',
      { port: 65536 },
      'port',
      'must be between 1 and 65535 (got 65536)',
    ],
    ['a fractional port', { port: 80.5 }, 'port', 'must be a whole number'],
    [
      'a port number in quotes',
      { port: '80' },
      'port',
      'must contain at least one letter (a-z) (IANA_SVC_NAME); for port number 80, write it without quotes',
    ],
    [
      'a named port over 15 characters',
      { port: 'a-very-long-port-name' },
      'port',
      'must be 1 to 15 characters',
    ],
    [
      'a named port with capitals',
      { port: 'Http' },
      'port',
      "must contain only lowercase letters, digits and '-'",
    ],
    [
      'a named port with a double hyphen',
      { port: 'web--ui' },
      'port',
      "must not contain consecutive hyphens ('--')",
    ],
    [
      'a named port ending in a hyphen',
      { port: 'web-' },
      'port',
      "must not begin or end with '-'",
    ],
    [
      'a port that is true',
      { port: true },
      'port',
      'must be a port number (1-65535) or the name of a container port, not true',
    ],
    [
      'a lowercase protocol',
      { protocol: 'tcp', port: 80 },
      'protocol',
      'must be one of TCP, UDP, SCTP (got "tcp"); did you mean TCP?',
    ],
    [
      'an unknown protocol',
      { protocol: 'ICMP' },
      'protocol',
      'must be one of TCP, UDP, SCTP',
    ],
    [
      'endPort below port',
      { port: 8080, endPort: 8000 },
      'endPort',
      'must be greater than or equal to port (8080)',
    ],
    [
      'endPort above 65535',
      { port: 8080, endPort: 70000 },
      'endPort',
      'must be between 1 and 65535 (got 70000)',
    ],
    [
      'endPort without port',
      { endPort: 8080 },
      'endPort',
      'may only be given with a numeric port',
    ],
    [
      'endPort with a named port',
      { port: 'http', endPort: 8080 },
      'endPort',
      'may not be given when port is a named port',
    ],
    [
      'endPort in quotes',
      { port: 80, endPort: '90' },
      'endPort',
      'must be a port number (1-65535), not the string "90"',
    ],
    [
      'an unknown field',
      { prot: 80 },
      'prot',
      'did you mean "spec.ingress[0].ports[0].port"?',
    ],
  ])('rejects %s', (_, port, field, message) => {
    expect(problemsForPort(port)).toEqual([
      { path: `${PORT}.${field}`, message: expect.stringContaining(message) },
    ]);
  });

  it('reports every problem of one port', () => {
    expect(
      problemsForPort({ protocol: 'HTTP', port: 'Web--', endPort: 1 }),
    ).toEqual([
      {
        path: `${PORT}.protocol`,
        message: expect.stringContaining('TCP, UDP, SCTP'),
      },
      {
        path: `${PORT}.port`,
        message: expect.stringContaining('only lowercase letters'),
      },
      {
        path: `${PORT}.port`,
        message: expect.stringContaining('consecutive hyphens'),
      },
      {
        path: `${PORT}.port`,
        message: expect.stringContaining('begin or end'),
      },
      {
        path: `${PORT}.endPort`,
        message: expect.stringContaining('named port'),
      },
    ]);
  });
});
