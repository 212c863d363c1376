import { ConfigReader } from '@backstage/config';
import { readRequiredApprovals } from './readRequiredApprovals';

const config = (requiredApprovals?: number) =>
  new ConfigReader({ netseal: { requests: { requiredApprovals } } });

describe('readRequiredApprovals', () => {
  it('needs one approval unless configured', () => {
    expect(readRequiredApprovals(new ConfigReader({}))).toBe(1);
    expect(readRequiredApprovals(config(3))).toBe(3);
  });

  it('refuses zero, negative and fractional counts, naming the key', () => {
    for (const value of [0, -1, 1.5]) {
      expect(() => readRequiredApprovals(config(value))).toThrow(
        /^netseal\.requests\.requiredApprovals is .*; set a whole number of at least 1$/,
      );
    }
  });
});
