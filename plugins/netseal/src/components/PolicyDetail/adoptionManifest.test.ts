import { parse } from 'yaml';
import { adoptionManifest } from './adoptionManifest';

describe('adoptionManifest', () => {
  it('keeps what the author wrote and drops what the API server manages', () => {
    const text = adoptionManifest(
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'debug-allow-all',
          namespace: 'shop',
          uid: '0b6c1a52',
          resourceVersion: '2071',
          creationTimestamp: '2026-12-07T09:00:00Z',
          labels: { team: 'payments' },
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{}',
            owner: 'payments-team',
          },
        },
        spec: {
          podSelector: { matchLabels: { app: 'payments' } },
          ingress: [{}],
        },
        status: {},
      },
      'demo-east',
    );

    expect(text.split('\n')[0]).toBe(
      '# Adopted from the live object in demo-east, where it was not sealed in Git.',
    );
    expect(parse(text)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'debug-allow-all',
        namespace: 'shop',
        labels: { team: 'payments' },
        annotations: { owner: 'payments-team' },
      },
      spec: {
        podSelector: { matchLabels: { app: 'payments' } },
        ingress: [{}],
      },
    });
  });
});
