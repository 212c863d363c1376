import { ConfigReader } from '@backstage/config';
import { readResyncInterval } from './readResyncInterval';

describe('readResyncInterval', () => {
  it.each([
    ['nothing', {}, { minutes: 10 }],
    ['an object', { resyncInterval: { minutes: 3 } }, { minutes: 3 }],
    ['an ISO duration', { resyncInterval: 'PT15M' }, { minutes: 15 }],
    ['a short form', { resyncInterval: '2h' }, { hours: 2 }],
  ])('reads %s', (_, netseal, expected) => {
    expect(readResyncInterval(new ConfigReader({ netseal }))).toEqual(expected);
  });

  it('names the key of a malformed duration', () => {
    expect(() =>
      readResyncInterval(
        new ConfigReader({ netseal: { resyncInterval: 'often' } }),
      ),
    ).toThrow("Invalid duration 'often' in config at 'netseal.resyncInterval'");
  });
});
