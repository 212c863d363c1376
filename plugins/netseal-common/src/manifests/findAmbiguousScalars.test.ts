import { LineCounter, parseAllDocuments } from 'yaml';
import { findAmbiguousScalars } from './findAmbiguousScalars';

function ambiguities(text: string) {
  const lineCounter = new LineCounter();
  const [document] = parseAllDocuments(text, { lineCounter });
  return findAmbiguousScalars(document, lineCounter, []).map(
    ({ path, line }) => ({ path, line }),
  );
}

describe('findAmbiguousScalars', () => {
  it('finds YAML 1.1 booleans, octal and sexagesimal numbers, and merge keys', () => {
    expect(
      ambiguities(
        'a: on\nb: N\nc: 0755\nd: 1:30\ne: 1_000\nbase: &base {x: "1"}\nf:\n  <<: *base\n',
      ),
    ).toEqual([
      { path: 'a', line: 1 },
      { path: 'b', line: 2 },
      { path: 'c', line: 3 },
      { path: 'd', line: 4 },
      { path: 'e', line: 5 },
      { path: 'f', line: 8 },
    ]);
  });

  it('leaves alone what every YAML reader reads alike', () => {
    expect(
      ambiguities(
        'port: 8080\nzero: 0\ncidr: 10.0.0.0/8\nip: 10.1.2.3\nquoted: "yes"\nt: true\nname: http\nf: 1.5\n',
      ),
    ).toEqual([]);
  });
});
