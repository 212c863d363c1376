import { csvField } from './complianceCsv';

describe('csvField', () => {
  it('quotes a field with a comma, a quote or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('keeps a text a spreadsheet would run as a formula from running', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@manager')).toBe("'@manager");
    expect(csvField('-x')).toBe("'-x");
  });

  it('writes numbers and booleans as they are, and nothing for an absent value', () => {
    expect(csvField(1800)).toBe('1800');
    expect(csvField(false)).toBe('false');
    expect(csvField(undefined)).toBe('');
  });
});
