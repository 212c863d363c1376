import os from 'node:os';
import { ConfigReader } from '@backstage/config';
import { readNetsealConfig } from './readNetsealConfig';

const read = (netseal: object) =>
  readNetsealConfig(new ConfigReader({ netseal }));

describe('readNetsealConfig', () => {
  it('gives every default when nothing is configured', () => {
    expect(readNetsealConfig(new ConfigReader({}))).toEqual({
      resyncInterval: { minutes: 10 },
      policySourcesRefreshInterval: { minutes: 5 },
      historyRetentionDays: 90,
      requiredApprovals: 1,
      accessAnalysis: {
        budget: 100_000_000,
        timeoutMs: 30_000,
        workers: Math.max(1, os.availableParallelism() - 1),
      },
      rollouts: {
        autoStart: true,
        pollInterval: { minutes: 1 },
        leaseDuration: { minutes: 5 },
      },
      guard: { deleteExceptions: [] },
      clusterLeaseDuration: { seconds: 20 },
      drift: { selfHeal: undefined },
    });
  });

  it('reads every setting as configured', () => {
    expect(
      read({
        resyncInterval: 'PT15M',
        policySources: { refreshInterval: '2h' },
        history: { retentionDays: 30 },
        requests: {
          requiredApprovals: 3,
          accessAnalysis: { budget: 5000, timeout: '2m', workers: 3 },
        },
        rollouts: {
          autoStart: false,
          pollInterval: { seconds: 30 },
          leaseDuration: 'PT2M',
        },
        guard: { deleteExceptions: ['cleanup-bot'] },
        clusterLeases: { duration: '45s' },
      }),
    ).toEqual({
      resyncInterval: { minutes: 15 },
      policySourcesRefreshInterval: { hours: 2 },
      historyRetentionDays: 30,
      requiredApprovals: 3,
      accessAnalysis: { budget: 5000, timeoutMs: 120_000, workers: 3 },
      rollouts: {
        autoStart: false,
        pollInterval: { seconds: 30 },
        leaseDuration: { minutes: 2 },
      },
      guard: { deleteExceptions: ['cleanup-bot'] },
      clusterLeaseDuration: { seconds: 45 },
      drift: { selfHeal: undefined },
    });
  });

  it('leaves self-heal off unless enabled, and reads its limits', () => {
    expect(read({ drift: { selfHeal: { maxPerCluster: 3 } } }).drift).toEqual({
      selfHeal: undefined,
    });
    expect(read({ drift: { selfHeal: { enabled: true } } }).drift).toEqual({
      selfHeal: {
        maxPerCluster: 5,
        windowMs: 600_000,
        backOffMs: 60_000,
        maxBackOffMs: 3_600_000,
      },
    });
    expect(
      read({
        drift: {
          selfHeal: {
            enabled: true,
            maxPerCluster: 2,
            window: '1h',
            backOff: { seconds: 30 },
            maxBackOff: 'PT10M',
          },
        },
      }).drift.selfHeal,
    ).toEqual({
      maxPerCluster: 2,
      windowMs: 3_600_000,
      backOffMs: 30_000,
      maxBackOffMs: 600_000,
    });
  });

  it.each([
    [{ maxPerCluster: 0 }, 'netseal.drift.selfHeal.maxPerCluster is 0'],
    [{ maxPerCluster: 1.5 }, 'netseal.drift.selfHeal.maxPerCluster is 1.5'],
    [
      { backOff: '2h', maxBackOff: '1h' },
      'netseal.drift.selfHeal.backOff is longer than netseal.drift.selfHeal.maxBackOff',
    ],
    [{ window: 'often' }, "at 'netseal.drift.selfHeal.window'"],
  ])('refuses self-heal settings %j, naming the key', (settings, words) => {
    expect(() =>
      read({ drift: { selfHeal: { enabled: true, ...settings } } }),
    ).toThrow(words);
  });

  it.each([
    ['1s', '1 s'],
    ['PT11M', '660 s'],
  ])(
    'refuses cluster leases of %p, naming the key, the bounds and the default',
    (duration, said) => {
      expect(() => read({ clusterLeases: { duration } })).toThrow(
        `netseal.clusterLeases.duration must be between 2 seconds and 10 minutes, got ${said}; leave it out for 20 seconds`,
      );
    },
  );

  it.each([
    ['resyncInterval', { resyncInterval: 'often' }],
    [
      'policySources.refreshInterval',
      { policySources: { refreshInterval: 'x' } },
    ],
    ['rollouts.pollInterval', { rollouts: { pollInterval: 'soon' } }],
    ['rollouts.leaseDuration', { rollouts: { leaseDuration: 'long' } }],
    ['clusterLeases.duration', { clusterLeases: { duration: 'long' } }],
  ])('names the key of a malformed duration: %s', (key, netseal) => {
    expect(() => read(netseal)).toThrow(`at 'netseal.${key}'`);
  });

  it.each([0, -7])(
    'refuses %p days of history, naming the key and the default',
    days => {
      expect(() => read({ history: { retentionDays: days } })).toThrow(
        `netseal.history.retentionDays must be a number of days greater than 0, got ${days}; leave it out to keep 90 days of history`,
      );
    },
  );

  it('refuses text for days of history, naming the key', () => {
    expect(() => read({ history: { retentionDays: 'a quarter' } })).toThrow(
      /netseal\.history\.retentionDays/,
    );
  });

  it.each([0, -1, 1.5])(
    'refuses %p required approvals, naming the key',
    value => {
      expect(() => read({ requests: { requiredApprovals: value } })).toThrow(
        /^netseal\.requests\.requiredApprovals is .*; set a whole number of at least 1$/,
      );
    },
  );

  it('refuses an autoStart that is not a boolean, naming the key', () => {
    expect(() => read({ rollouts: { autoStart: 'sometimes' } })).toThrow(
      /netseal\.rollouts\.autoStart/,
    );
  });

  it('stops on a delete exception the guard could never match, naming the setting', () => {
    expect(() =>
      read({ guard: { deleteExceptions: ['ok', 'cleanup bot'] } }),
    ).toThrow(
      /^netseal\.guard\.deleteExceptions\[1\] must not contain whitespace or control characters/,
    );
  });

  it.each([
    [
      { budget: 0 },
      'netseal.requests.accessAnalysis.budget is 0; set a whole number of flow checks, at least 1, or leave it out for 100000000',
    ],
    [
      { budget: 1.5 },
      'netseal.requests.accessAnalysis.budget is 1.5; set a whole number of flow checks, at least 1, or leave it out for 100000000',
    ],
    [
      { workers: -2 },
      'netseal.requests.accessAnalysis.workers is -2; set a whole number of worker threads, at least 1',
    ],
    [
      { timeout: { seconds: 0 } },
      'netseal.requests.accessAnalysis.timeout must be longer than 0; leave it out for 30 seconds',
    ],
  ])(
    'refuses the access analysis setting %p, naming it',
    (accessAnalysis, message) => {
      expect(() => read({ requests: { accessAnalysis } })).toThrow(message);
    },
  );
});
