import { ConfigReader } from '@backstage/config';
import { readGuardDeleteExceptions } from './readGuardDeleteExceptions';

describe('readGuardDeleteExceptions', () => {
  it('reads the usernames, none when left out', () => {
    expect(
      readGuardDeleteExceptions(
        new ConfigReader({
          netseal: { guard: { deleteExceptions: ['cleanup-bot'] } },
        }),
      ),
    ).toEqual(['cleanup-bot']);
    expect(readGuardDeleteExceptions(new ConfigReader({}))).toEqual([]);
  });

  it('stops on a username the guard could never match, naming the setting', () => {
    expect(() =>
      readGuardDeleteExceptions(
        new ConfigReader({
          netseal: { guard: { deleteExceptions: ['ok', 'cleanup bot'] } },
        }),
      ),
    ).toThrow(
      /^netseal\.guard\.deleteExceptions\[1\] must not contain whitespace or control characters/,
    );
  });
});
