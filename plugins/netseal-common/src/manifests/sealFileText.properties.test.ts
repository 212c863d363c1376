import fc from 'fast-check';
import { LineCounter, parseAllDocuments } from 'yaml';
import { SEAL_ANNOTATION, SEALED_LABEL } from '../constants';
import { findNetworkPolicies } from './findNetworkPolicies';
import { MAX_MANIFEST_ALIASES } from './limits';
import { ParsedManifestFile } from './ParsedManifestFile';
import { parseManifestText } from './parseManifestText';
import { planMetadataEntryEdit } from './planMetadataEntryEdit';
import { PolicyToSeal, sealFileText } from './sealFileText';
import { scanManifestText } from './scanManifestText';
import { yamlParseOptions } from './yamlParseOptions';

// Sealing plans its edits on the fast reader's source tree when the fast reader read the
// file. Whatever the layout of metadata, labels and annotations, the sealed text must be
// byte for byte what sealing on the `yaml` library's own tree gives.

/** The file as parseManifestText read it before the fast reader: every document from the `yaml` library. */
function readWithYamlOnly(text: string): ParsedManifestFile {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, yamlParseOptions(lineCounter)).map(
    (yaml, index) => ({
      index,
      yaml,
      value: yaml.toJS({ maxAliasCount: MAX_MANIFEST_ALIASES }),
    }),
  );
  return { display: 'policies.yaml', text, lineCounter, documents };
}

function policiesToSeal(
  file: ParsedManifestFile,
  seal: string,
  label: boolean,
): PolicyToSeal[] {
  return findNetworkPolicies(file).policies.map(site => ({
    site,
    seal,
    sealedLabel: label,
  }));
}

const comment = fc.constantFrom('', ' # why', '  # note');

const mapLayout = fc.record({
  style: fc.constantFrom('missing', 'block', 'flow', 'empty-flow', 'json'),
  entries: fc.array(
    fc.constantFrom(
      ['team', 'web'],
      ['app.kubernetes.io/name', 'web'],
      [SEALED_LABEL, '"false"'],
      [SEALED_LABEL, "'true'"],
      [SEALED_LABEL, 'true'],
      [SEAL_ANNOTATION, 'sha256:0123'],
      [SEAL_ANNOTATION, '"sha256:0123"'],
      [SEAL_ANNOTATION, "'old'"],
      [SEAL_ANNOTATION, ''],
      ['note', '"quoted"'],
    ),
    { maxLength: 3 },
  ),
  comment,
  commentLineAfter: fc.boolean(),
});

const policyText = fc
  .record({
    indent: fc.integer({ min: 1, max: 4 }),
    labels: mapLayout,
    annotations: mapLayout,
    order: fc.constantFrom(
      ['name', 'labels', 'annotations'],
      ['labels', 'annotations', 'name'],
      ['annotations', 'name', 'labels'],
      ['name', 'annotations', 'labels'],
    ),
    blankAfterMetadata: fc.boolean(),
    commentAtMetadataEnd: fc.boolean(),
  })
  .map(options => {
    const pad = (depth: number) => ' '.repeat(options.indent * depth);
    const renderMap = (name: string, layout: typeof options.labels) => {
      const entries = layout.entries.filter(
        ([key], index, all) => all.findIndex(([k]) => k === key) === index,
      );
      switch (layout.style) {
        case 'missing':
          return [];
        case 'empty-flow':
          return [`${pad(1)}${name}: {}${layout.comment}`];
        case 'flow':
          return [
            `${pad(1)}${name}: {${entries
              .map(([key, value]) => `${JSON.stringify(key)}: ${value || '""'}`)
              .join(', ')}}${layout.comment}`,
          ];
        case 'json':
          return entries.length === 0
            ? [`${pad(1)}${name}: {}`]
            : [
                `${pad(1)}${name}: {`,
                ...entries.map(
                  ([key, value], index) =>
                    `${pad(2)}${JSON.stringify(key)}: ${value || '""'}${
                      index < entries.length - 1 ? ',' : ''
                    }`,
                ),
                `${pad(1)}}`,
              ];
        default:
          return entries.length === 0
            ? [`${pad(1)}${name}: {}`]
            : [
                `${pad(1)}${name}:${layout.comment}`,
                ...entries.map(
                  ([key, value]) =>
                    `${pad(2)}${key}:${value ? ` ${value}` : ''}${
                      layout.comment
                    }`,
                ),
                ...(layout.commentLineAfter
                  ? [`${pad(2)}# end of ${name}`]
                  : []),
              ];
      }
    };
    const metadata = options.order.flatMap(part =>
      part === 'name'
        ? [`${pad(1)}name: web`, `${pad(1)}namespace: shop`]
        : renderMap(
            part,
            part === 'labels' ? options.labels : options.annotations,
          ),
    );
    return [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      ...metadata,
      ...(options.commentAtMetadataEnd ? [`${pad(1)}# metadata ends`] : []),
      ...(options.blankAfterMetadata ? [''] : []),
      'spec:',
      `${pad(1)}podSelector: {}`,
    ].join('\n');
  });

const fileText = fc
  .record({
    policies: fc.array(policyText, { minLength: 1, maxLength: 3 }),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ policies, crlf, finalNewline }) => {
    const text = policies.join('\n---\n') + (finalNewline ? '\n' : '');
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

describe('sealFileText on the fast reader', () => {
  it('writes exactly what it writes on the yaml library tree, whatever the metadata layout', () => {
    let fast = 0;
    let plannedOnFastTree = 0;
    fc.assert(
      fc.property(fileText, fc.boolean(), (text, label) => {
        const parsed = parseManifestText({ display: 'policies.yaml' }, text);
        if ('problems' in parsed) {
          return;
        }
        const isFast = scanManifestText(text) !== undefined;
        if (isFast) {
          fast += 1;
        }
        const seal = `sha256:${'a'.repeat(64)}`;
        const slowFile = readWithYamlOnly(text);
        const planned = policiesToSeal(parsed.file, seal, label).every(
          ({ site }) =>
            planMetadataEntryEdit(site, {
              map: 'annotations',
              key: SEAL_ANNOTATION,
              value: seal,
              plain: true,
            }) !== undefined,
        );
        if (isFast && planned) {
          plannedOnFastTree += 1;
        }
        expect(
          sealFileText(parsed.file, policiesToSeal(parsed.file, seal, label)),
        ).toBe(sealFileText(slowFile, policiesToSeal(slowFile, seal, label)));
      }),
      { numRuns: 1500 },
    );
    // Most files are read by the fast reader, and most edits planned on its tree, or the
    // comparison would only ever test the library's tree against itself.
    expect(fast).toBeGreaterThan(500);
    expect(plannedOnFastTree).toBeGreaterThan(400);
  });
});
