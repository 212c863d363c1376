import { readManifestDocuments } from './readManifestDocuments';

describe('readManifestDocuments', () => {
  it('reads every document with the line it starts on', () => {
    const result = readManifestDocuments(
      '# comment\nkind: A\n---\nkind: B\nspec: {x: 1}\n',
    );

    expect(result).toEqual({
      documents: [
        { index: 1, line: 2, value: { kind: 'A' } },
        { index: 2, line: 4, value: { kind: 'B', spec: { x: 1 } } },
      ],
    });
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      levels.push(
        `${next}: &${next} [${Array(9).fill(`*${previous}`).join(',')}]`,
      );
    }
    const result = readManifestDocuments(levels.join('\n'));

    expect(result).toMatchObject({ error: expect.stringMatching(/alias/i) });
  });

  it('names the line of a syntax error', () => {
    const result = readManifestDocuments('kind: A\nspec: [1, 2\n');

    expect(result).toMatchObject({
      error: expect.stringMatching(/^not valid YAML/),
      line: expect.any(Number),
    });
  });

  it('refuses duplicate keys, where tools could disagree on the value', () => {
    expect(readManifestDocuments('kind: A\nkind: B\n')).toMatchObject({
      error: expect.stringMatching(/not valid YAML.*unique/i),
    });
  });

  it('refuses oversized files before parsing them', () => {
    expect(readManifestDocuments('#'.repeat(5 * 1024 * 1024 + 1))).toEqual({
      error: 'larger than 5 MiB; split it into smaller files',
    });
  });
});

describe('readManifestDocuments on deeply nested flow collections', () => {
  it('refuses them before parsing, as the CLI does', () => {
    const text = `kind: A\nspec: ${'['.repeat(300)}${']'.repeat(300)}\n`;

    expect(readManifestDocuments(text)).toEqual({
      error: expect.stringMatching(/nest more than 256 deep/),
    });
  });
});
