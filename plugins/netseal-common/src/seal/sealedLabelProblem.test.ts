import { checkoutApi, denyAllIngress } from '../__fixtures__/networkPolicies';
import type { NetworkPolicy } from '../types';
import { computeSeal } from './computeSeal';
import { sealedLabelProblem } from './sealedLabelProblem';

function withLabels(labels: Record<string, string>): NetworkPolicy {
  return {
    ...denyAllIngress,
    metadata: { ...denyAllIngress.metadata, labels },
  };
}

describe('sealedLabelProblem', () => {
  it('accepts a manifest labelled netseal.io/sealed: "true"', () => {
    expect(sealedLabelProblem(checkoutApi)).toBeUndefined();
    expect(
      sealedLabelProblem(withLabels({ 'netseal.io/sealed': 'true' })),
    ).toBeUndefined();
  });

  it('reports a manifest without labels, naming the label, its value and the fix', () => {
    expect(sealedLabelProblem(denyAllIngress)).toEqual({
      path: 'metadata.labels["netseal.io/sealed"]',
      message:
        'missing: sealed manifests carry netseal.io/sealed: "true" so the admission guard can protect them; run netseal seal',
    });
  });

  it('reports a manifest whose other labels do not include it', () => {
    expect(sealedLabelProblem(withLabels({ app: 'web' }))).toMatchObject({
      path: 'metadata.labels["netseal.io/sealed"]',
      message: expect.stringMatching(/^missing: /),
    });
  });

  it.each(['false', 'True', 'yes', ''])(
    'reports the value %j as wrong, quoting it',
    value => {
      expect(
        sealedLabelProblem(withLabels({ 'netseal.io/sealed': value })),
      ).toEqual({
        path: 'metadata.labels["netseal.io/sealed"]',
        message: `must be "true" (got ${JSON.stringify(
          value,
        )}): sealed manifests carry netseal.io/sealed: "true" so the admission guard can protect them; run netseal seal`,
      });
    },
  );

  it('reports a label that is not a string, as YAML writes an unquoted true', () => {
    const unquoted = JSON.parse(
      '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"a","namespace":"b","labels":{"netseal.io/sealed":true}},"spec":{"podSelector":{}}}',
    );
    expect(sealedLabelProblem(unquoted)?.message).toMatch(
      /^must be "true" \(got true\): /,
    );
  });

  it('cuts a long wrong value in its message', () => {
    const message = sealedLabelProblem(
      withLabels({ 'netseal.io/sealed': 'x'.repeat(5000) }),
    )?.message;
    expect(message).toContain(`(got "${'x'.repeat(100)}…")`);
    expect(message?.length).toBeLessThan(300);
  });

  it('gives a labelled manifest another seal than the unlabelled one, which is why the label goes in before sealing', () => {
    expect(computeSeal(withLabels({ 'netseal.io/sealed': 'true' }))).not.toBe(
      computeSeal(denyAllIngress),
    );
  });

  it('reports a document without metadata or with null labels as missing the label, without throwing', () => {
    for (const document of [
      'null',
      '{"spec":{}}',
      '{"metadata":{"labels":null}}',
    ]) {
      expect(sealedLabelProblem(JSON.parse(document))?.message).toMatch(
        /^missing: /,
      );
    }
  });

  it('quotes a wrong value of 100 characters whole', () => {
    const message = sealedLabelProblem(
      withLabels({ 'netseal.io/sealed': 'x'.repeat(100) }),
    )?.message;
    expect(message).toContain(`(got "${'x'.repeat(100)}")`);
  });
});
