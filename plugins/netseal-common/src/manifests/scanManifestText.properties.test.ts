import fc from 'fast-check';
import { compareWithYaml } from './__testUtils__/compareWithYaml';

// The fast reader's one promise: wherever it accepts a text, it reads exactly what the
// `yaml` library reads. These texts are written the way manifests are, in many styles,
// with scalars chosen to sit on every boundary the reader must respect (YAML 1.1 words,
// numbers of every form, indicators, quotes, comments), and then often damaged by one
// character, so that a good share are texts the library refuses or reads surprisingly.

type Style = 'plain' | 'single' | 'double';

interface ScalarShape {
  kind: 'scalar';
  text: string;
  style: Style;
}

interface Entry {
  value: Shape;
  comment: boolean;
  blankBefore: boolean;
  commentLineBefore: number | null;
}

interface MapShape {
  kind: 'map';
  flow: boolean;
  entries: Array<Entry & { key: ScalarShape }>;
}

interface SeqShape {
  kind: 'seq';
  flow: boolean;
  compact: boolean;
  items: Entry[];
}

type Shape = ScalarShape | MapShape | SeqShape;

const ORDINARY_TEXTS = [
  'web',
  'app.kubernetes.io/name',
  'sha256:62849d',
  '10.0.0.0/8',
  'a b',
  '8080',
  '-1',
  '0',
  'TCP',
  'In',
  'matchLabels',
  'netseal.io/sealed',
];

const TRICKY_TEXTS = [
  '+5',
  '-0',
  '007',
  '0o17',
  '0x1F',
  '1.5',
  '1e3',
  '.inf',
  '-.inf',
  '.nan',
  '1_000',
  '1:30',
  'yes',
  'No',
  'on',
  'y',
  'true',
  'True',
  'FALSE',
  'null',
  'Null',
  '~',
  '',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  'x:',
  ':x',
  '- x',
  '-x',
  '--- x',
  '*x',
  '&x',
  '!x',
  '|',
  '>',
  '%x',
  '@x',
  '`x',
  '?x',
  '? x',
  '"',
  "'",
  "it's",
  '{',
  '}',
  '[x]',
  'a,b',
  'a]b',
  ' lead',
  'trail ',
  'é',
  'a\\b',
  '<<',
  '__proto__',
  'constructor',
  'http://x',
];

const ORDINARY_KEYS = [
  'name',
  'namespace',
  'app.kubernetes.io/name',
  'netseal.io/seal',
  'podSelector',
  'matchLabels',
  'from',
  'ports',
  'a b',
  'x-y',
];

const key: fc.Arbitrary<ScalarShape> = fc.record({
  kind: fc.constant('scalar' as const),
  text: fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...ORDINARY_KEYS) },
    { weight: 2, arbitrary: fc.constantFrom(...TRICKY_TEXTS) },
  ),
  style: fc.constantFrom<Style>('plain', 'plain', 'plain', 'single', 'double'),
});

const scalar: fc.Arbitrary<ScalarShape> = fc.record({
  kind: fc.constant('scalar' as const),
  text: fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...ORDINARY_TEXTS) },
    { weight: 3, arbitrary: fc.constantFrom(...TRICKY_TEXTS) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom('a', '1', ' ', ':', '-', '#', '.', "'", '"'),
        maxLength: 6,
      }),
    },
  ),
  style: fc.constantFrom<Style>('plain', 'plain', 'plain', 'single', 'double'),
});

const entryParts = {
  comment: fc.boolean(),
  blankBefore: fc.boolean(),
  commentLineBefore: fc.option(fc.nat({ max: 8 }), { freq: 4 }),
};

const { map, seq } = fc.letrec<{ shape: Shape; map: MapShape; seq: SeqShape }>(
  tie => ({
    shape: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 3, arbitrary: scalar },
      { weight: 2, arbitrary: tie('map') },
      { weight: 1, arbitrary: tie('seq') },
    ),
    map: fc.record({
      kind: fc.constant('map' as const),
      flow: fc.boolean(),
      entries: fc.array(
        fc.record({ key, value: tie('shape'), ...entryParts }),
        { maxLength: 4 },
      ),
    }),
    seq: fc.record({
      kind: fc.constant('seq' as const),
      flow: fc.boolean(),
      compact: fc.boolean(),
      items: fc.array(fc.record({ value: tie('shape'), ...entryParts }), {
        maxLength: 4,
      }),
    }),
  }),
);

function renderScalar(node: ScalarShape): string {
  switch (node.style) {
    case 'single':
      return `'${node.text.replace(/'/g, "''")}'`;
    case 'double':
      return JSON.stringify(node.text);
    default:
      return node.text;
  }
}

function renderFlow(node: Shape): string {
  if (node.kind === 'scalar') {
    return renderScalar(node);
  }
  if (node.kind === 'map') {
    return `{${node.entries
      .map(entry => `${renderScalar(entry.key)}: ${renderFlow(entry.value)}`)
      .join(', ')}}`;
  }
  return `[${node.items.map(item => renderFlow(item.value)).join(', ')}]`;
}

interface Layout {
  step: number;
  dashSpaces: number;
}

function isInline(node: Shape): boolean {
  return (
    node.kind === 'scalar' ||
    node.flow ||
    (node.kind === 'map' ? node.entries.length === 0 : node.items.length === 0)
  );
}

function linesBefore(entry: Entry): string[] {
  const lines: string[] = [];
  if (entry.blankBefore) {
    lines.push('');
  }
  if (entry.commentLineBefore !== null) {
    lines.push(`${' '.repeat(entry.commentLineBefore)}# note`);
  }
  return lines;
}

/** Lines of a block collection whose entries start at `indent`. */
function renderBlock(
  node: MapShape | SeqShape,
  indent: number,
  layout: Layout,
): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (node.kind === 'map') {
    node.entries.forEach((entry, index) => {
      if (index > 0) {
        lines.push(...linesBefore(entry));
      }
      const head = `${pad}${renderScalar(entry.key)}:`;
      const comment = entry.comment ? ' # c' : '';
      const value = entry.value;
      if (isInline(value)) {
        lines.push(`${head} ${renderFlow(value)}${comment}`);
      } else if (value.kind === 'seq' && value.compact) {
        lines.push(
          `${head}${comment}`,
          ...renderBlock(value as SeqShape, indent, layout),
        );
      } else {
        lines.push(
          `${head}${comment}`,
          ...renderBlock(
            value as MapShape | SeqShape,
            indent + layout.step,
            layout,
          ),
        );
      }
    });
    return lines;
  }
  node.items.forEach((item, index) => {
    if (index > 0) {
      lines.push(...linesBefore(item));
    }
    const dash = `${pad}-${' '.repeat(layout.dashSpaces)}`;
    const comment = item.comment ? ' # c' : '';
    const value = item.value;
    if (isInline(value)) {
      lines.push(`${dash}${renderFlow(value)}${comment}`);
      return;
    }
    // The first line of the item's collection goes on the dash's line.
    const inner = renderBlock(
      value as MapShape | SeqShape,
      indent + 1 + layout.dashSpaces,
      layout,
    );
    lines.push(`${dash}${inner[0].trimStart()}`, ...inner.slice(1));
  });
  return lines;
}

function renderDocument(node: Shape, layout: Layout): string {
  return isInline(node)
    ? renderFlow(node)
    : renderBlock(node as MapShape | SeqShape, 0, layout).join('\n');
}

const text = fc
  .record({
    documents: fc.array(
      // Mostly block documents: a flow document is always left to the library.
      fc
        .tuple(
          fc
            .oneof(map, map, seq)
            .filter(document =>
              document.kind === 'map'
                ? document.entries.length > 0
                : document.items.length > 0,
            ),
          fc.nat({ max: 9 }),
        )
        .map(([document, dice]) =>
          dice > 0 ? { ...document, flow: false } : document,
        ),
      { minLength: 1, maxLength: 3 },
    ),
    markerComment: fc.boolean(),
    leadingComment: fc.boolean(),
    firstMarker: fc.boolean(),
    finalNewline: fc.boolean(),
    trailingSpaces: fc.option(fc.integer({ min: 2, max: 4 }), { freq: 3 }),
    crlf: fc.boolean(),
    layout: fc.record({
      step: fc.integer({ min: 1, max: 4 }),
      dashSpaces: fc.integer({ min: 1, max: 3 }),
    }),
    damage: fc.option(
      fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 2 }),
        insert: fc.constantFrom(
          '',
          ' ',
          ':',
          '-',
          '#',
          '\n',
          '"',
          "'",
          '{',
          '[',
          ',',
          '\t',
          '\r',
          '&',
          '*',
          '---\n',
        ),
      }),
      { freq: 2 },
    ),
  })
  .map(options => {
    const marker = options.markerComment ? '--- # next' : '---';
    let result = options.documents
      .map(document => renderDocument(document, options.layout))
      .join(`\n${marker}\n`);
    if (options.firstMarker) {
      result = `${marker}\n${result}`;
    }
    if (options.leadingComment) {
      result = `# policies\n${result}`;
    }
    if (options.trailingSpaces !== null) {
      const every = options.trailingSpaces;
      result = result
        .split('\n')
        .map((line, index) => (index % every === 0 ? `${line}  ` : line))
        .join('\n');
    }
    if (options.finalNewline) {
      result += '\n';
    }
    if (options.damage) {
      const at = options.damage.at % (result.length + 1);
      result =
        result.slice(0, at) +
        options.damage.insert +
        result.slice(at + options.damage.remove);
    }
    return options.crlf ? result.replace(/\n/g, '\r\n') : result;
  });

describe('scanManifestText against the yaml library', () => {
  it('reads exactly what the yaml library reads wherever it accepts a text', () => {
    let accepted = 0;
    let declined = 0;
    fc.assert(
      fc.property(text, sample => {
        const outcome = compareWithYaml(sample);
        if (outcome === 'declined') {
          declined += 1;
        } else {
          accepted += 1;
        }
        expect(outcome === 'declined' ? 'same' : outcome).toBe('same');
      }),
      { numRuns: 3000 },
    );
    // Both sides must be exercised for the property to mean something.
    expect(accepted).toBeGreaterThan(300);
    expect(declined).toBeGreaterThan(300);
  });
});
