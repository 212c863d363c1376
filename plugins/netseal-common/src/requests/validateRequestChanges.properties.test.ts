import fc from 'fast-check';
import { stringify } from 'yaml';
import { readManifestDocuments } from '../manifests/readManifestDocuments';
import { checkSeal } from '../seal/checkSeal';
import { sealedLabelProblem } from '../seal/sealedLabelProblem';
import { networkPolicy } from '../seal/__testUtils__/networkPolicyArbitraries';
import type { NetworkPolicy } from '../types';
import { validateRequestChanges } from './validateRequestChanges';

// Two cores in CI: enough runs to cover the schema, few enough to stay quick.
const runs = { numRuns: 150 };

describe('validateRequestChanges on valid generated policies', () => {
  it('reseals each so that its text reads back as a sealed, labelled policy', () => {
    fc.assert(
      fc.property(
        networkPolicy,
        fc.constantFrom<'block' | 'json'>('block', 'json'),
        (policy, style) => {
          const { name = '', namespace = '' } = policy.metadata;
          const manifest =
            style === 'json'
              ? JSON.stringify(policy, null, 2)
              : // Quoted, since a plain `N` or `0o7` would be refused as read differently by YAML 1.1.
                `# requested in the portal\n${stringify(policy, {
                  defaultStringType: 'QUOTE_DOUBLE',
                  defaultKeyType: null,
                })}`;
          const result = validateRequestChanges(
            [{ op: 'add', cluster: 'prod', namespace, name, manifest }],
            { clusters: ['prod'], namespaces: [namespace], existing: [] },
          );

          expect(result).toMatchObject({ ok: true });
          if (!result.ok) return;
          const [change] = result.changes;
          const read = readManifestDocuments(change.text ?? '');
          expect(read).toMatchObject({ documents: [expect.anything()] });
          if (!('documents' in read)) return;
          const reread = read.documents[0].value as NetworkPolicy;
          expect(checkSeal(reread)).toMatchObject({
            state: 'sealed',
            recorded: change.newSeal,
          });
          expect(sealedLabelProblem(reread)).toBeUndefined();
          expect(reread).toEqual(change.policy);
        },
      ),
      runs,
    );
  });
});
