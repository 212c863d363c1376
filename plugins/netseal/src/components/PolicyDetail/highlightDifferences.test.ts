import {
  canonicalize,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import {
  liveAllowCheckout,
  sealedAllowCheckout,
} from '../../__fixtures__/paymentsPolicies';
import { highlightDifferences } from './highlightDifferences';
import { manifestYaml } from './manifestYaml';

function highlightedLines(
  manifest: unknown,
  differences: Parameters<typeof highlightDifferences>[0]['differences'],
  side: 'sealed' | 'live',
): string[] {
  const yaml = manifestYaml(manifest);
  const lines = highlightDifferences({ manifest, yaml, differences, side });
  return [...lines.keys()]
    .sort((a, b) => a - b)
    .map(n => yaml.lines[n - 1].trim());
}

describe('highlightDifferences', () => {
  it('marks the line of a changed field on each side', () => {
    const differences = [
      { path: 'spec.ingress[0].ports[0].port', sealed: 8443, live: 9443 },
    ];

    expect(
      highlightedLines(
        canonicalize(sealedAllowCheckout),
        differences,
        'sealed',
      ),
    ).toEqual(['port: 8443']);
    expect(
      highlightedLines(canonicalize(liveAllowCheckout), differences, 'live'),
    ).toEqual(['port: 9443']);
  });

  it('marks a whole element that exists on one side only, and nothing on the other', () => {
    const live: NetworkPolicy = {
      ...sealedAllowCheckout,
      spec: {
        ...sealedAllowCheckout.spec,
        ingress: [
          {
            from: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
            ports: [{ port: 22 }],
          },
          ...(sealedAllowCheckout.spec.ingress ?? []),
        ],
      },
    };
    const canonicalLive = canonicalize(live);
    const added = canonicalLive.spec.ingress.find(
      rule => rule.ports[0]?.port === 22,
    );
    // Numbered after the sealed list's last element, as the API does.
    const differences = [{ path: 'spec.ingress[1]', live: added }];

    expect(
      highlightedLines(
        canonicalize(sealedAllowCheckout),
        differences,
        'sealed',
      ),
    ).toEqual([]);
    const marked = highlightedLines(canonicalLive, differences, 'live');
    expect(marked.join('\n')).toContain('cidr: 0.0.0.0/0');
    expect(marked.join('\n')).toContain('port: 22');
    expect(marked.join('\n')).not.toContain('port: 8443');
  });

  it('marks a label by its quoted key', () => {
    const withLabel = {
      ...sealedAllowCheckout,
      metadata: {
        ...sealedAllowCheckout.metadata,
        labels: {
          ...sealedAllowCheckout.metadata.labels,
          'team.io/owner': 'x',
        },
      },
    };
    const differences = [
      { path: 'metadata.labels["team.io/owner"]', live: 'x' },
    ];

    expect(
      highlightedLines(canonicalize(withLabel), differences, 'live'),
    ).toEqual(['team.io/owner: x']);
  });
});
