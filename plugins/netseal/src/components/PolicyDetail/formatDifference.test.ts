import { formatDifference } from './formatDifference';

describe('formatDifference', () => {
  it('names the field and both values', () => {
    expect(
      formatDifference({
        path: 'spec.ingress[0].ports[0].port',
        sealed: 8443,
        live: 9443,
      }),
    ).toBe('spec.ingress[0].ports[0].port: sealed 8443, live 9443');
  });

  it('says which side a field is absent from, and writes objects as JSON', () => {
    expect(
      formatDifference({
        path: 'spec.ingress[1]',
        live: { from: [], ports: [{ protocol: 'TCP', port: 22 }] },
      }),
    ).toBe(
      'spec.ingress[1]: sealed absent, live {"from":[],"ports":[{"protocol":"TCP","port":22}]}',
    );
  });
});
