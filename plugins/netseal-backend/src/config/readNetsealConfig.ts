import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import os from 'node:os';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  DEFAULT_ACCESS_ANALYSIS_BUDGET,
  guardUsernameProblem,
} from '@netseal/backstage-plugin-netseal-common';

/**
 * Every `netseal.*` setting of the plugin itself, read and checked once at start-up, so a
 * bad value stops the backend naming the setting and the fix. The clusters
 * (`netseal.clusters`) are read by the built-in cluster supplier, and each Git host's
 * settings by its module.
 */
export interface NetsealConfig {
  /** `netseal.resyncInterval`: how often every cluster is listed in full. */
  resyncInterval: HumanDuration;
  /** `netseal.policySources.refreshInterval`: how often policy sources are read again. */
  policySourcesRefreshInterval: HumanDuration;
  /** `netseal.history.retentionDays`: how long drift status changes are kept. */
  historyRetentionDays: number;
  /** `netseal.requests.requiredApprovals`: counted approvals a merge needs. */
  requiredApprovals: number;
  /** `netseal.requests.accessAnalysis`: where and how far requests' access is analysed. */
  accessAnalysis: {
    /** Flow checks one cluster's analysis may cost. */
    budget: number;
    /** How long one cluster's analysis may run, in milliseconds. */
    timeoutMs: number;
    /** Worker threads. */
    workers: number;
  };
  rollouts: {
    /** `netseal.rollouts.autoStart`: whether a merge rolls out by itself. */
    autoStart: boolean;
    /** `netseal.rollouts.pollInterval`: how often requests and rollouts are followed up. */
    pollInterval: HumanDuration;
    /** `netseal.rollouts.leaseDuration`: how long a replica holds a rollout between steps. */
    leaseDuration: HumanDuration;
  };
  guard: {
    /** `netseal.guard.deleteExceptions`: who else may delete sealed policies. */
    deleteExceptions: string[];
  };
  /**
   * `netseal.clusterLeases.duration`: how long a replica holds a cluster's watches
   * without renewing; another replica takes the cluster over once it lapses.
   */
  clusterLeaseDuration: HumanDuration;
  /** `app.baseUrl`: where the portal is, for links to a request's page. */
  appBaseUrl?: string;
  drift: {
    /** `netseal.drift.selfHeal`: absent unless enabled. */
    selfHeal?: SelfHealSettings;
  };
  /** `netseal.attestation.privateKey`: absent when nothing is to be signed. */
  attestation?: AttestationKeySettings;
}

/** The key completed rollouts and restores are signed with. */
export interface AttestationKeySettings {
  privateKey: KeyObject;
  publicKey: KeyObject;
  algorithm: 'ed25519' | 'ecdsa-p256';
}

/** `netseal.drift.selfHeal`, when enabled. */
export interface SelfHealSettings {
  /** Self-heals allowed per cluster within `windowMs`. */
  maxPerCluster: number;
  windowMs: number;
  /** The wait after a policy's first self-heal when it drifts again; doubles after each. */
  backOffMs: number;
  maxBackOffMs: number;
}

export const DEFAULT_HISTORY_RETENTION_DAYS = 90;

function durationOr(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

function readHistoryRetentionDays(config: Config): number {
  const key = 'netseal.history.retentionDays';
  const days = config.getOptionalNumber(key);
  if (days === undefined) {
    return DEFAULT_HISTORY_RETENTION_DAYS;
  }
  if (!Number.isFinite(days) || days <= 0) {
    throw new Error(
      `${key} must be a number of days greater than 0, got ${days}; leave it out to keep ${DEFAULT_HISTORY_RETENTION_DAYS} days of history`,
    );
  }
  return days;
}

// Renewed every quarter of it: below 2 s the renewals would load the database for
// nothing, and beyond 10 minutes a dead replica's clusters would go unwatched for long.
const MIN_LEASE_MS = 2_000;
const MAX_LEASE_MS = 10 * 60_000;

function readClusterLeaseDuration(config: Config): HumanDuration {
  const key = 'netseal.clusterLeases.duration';
  const duration = durationOr(config, key, { seconds: 20 });
  const ms = durationToMilliseconds(duration);
  if (!(ms >= MIN_LEASE_MS && ms <= MAX_LEASE_MS)) {
    throw new Error(
      `${key} must be between 2 seconds and 10 minutes, got ${
        ms / 1000
      } s; leave it out for 20 seconds`,
    );
  }
  return duration;
}

// A merge always needs a reviewer besides the requester, so never fewer than 1.
function readRequiredApprovals(config: Config): number {
  const key = 'netseal.requests.requiredApprovals';
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return 1;
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${key} is ${value}; set a whole number of at least 1`);
  }
  return value;
}

// Checked here, so a bad username stops the backend with the setting named rather than
// every guard install failing later.
function readGuardDeleteExceptions(config: Config): string[] {
  const key = 'netseal.guard.deleteExceptions';
  const usernames = config.getOptionalStringArray(key) ?? [];
  usernames.forEach((username, index) => {
    const problem = guardUsernameProblem(username);
    if (problem) {
      throw new Error(`${key}[${index}] ${problem}`);
    }
  });
  return usernames;
}

function readPositiveInteger(
  config: Config,
  key: string,
  fallback: number,
  what: string,
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `${key} is ${value}; set a whole number of ${what}, at least 1, or leave it out for ${fallback}`,
    );
  }
  return value;
}

function readAccessAnalysis(config: Config): NetsealConfig['accessAnalysis'] {
  const prefix = 'netseal.requests.accessAnalysis';
  const timeoutMs = durationToMilliseconds(
    durationOr(config, `${prefix}.timeout`, { seconds: 30 }),
  );
  if (!(timeoutMs > 0)) {
    throw new Error(
      `${prefix}.timeout must be longer than 0; leave it out for 30 seconds`,
    );
  }
  return {
    budget: readPositiveInteger(
      config,
      `${prefix}.budget`,
      DEFAULT_ACCESS_ANALYSIS_BUDGET,
      'flow checks',
    ),
    timeoutMs,
    workers: readPositiveInteger(
      config,
      `${prefix}.workers`,
      Math.max(1, os.availableParallelism() - 1),
      'worker threads',
    ),
  };
}

function readSelfHeal(config: Config): SelfHealSettings | undefined {
  const key = 'netseal.drift.selfHeal';
  if (!config.getOptionalBoolean(`${key}.enabled`)) {
    return undefined;
  }
  const maxPerCluster = config.getOptionalNumber(`${key}.maxPerCluster`) ?? 5;
  if (!Number.isInteger(maxPerCluster) || maxPerCluster < 1) {
    throw new Error(
      `${key}.maxPerCluster is ${maxPerCluster}; set a whole number of at least 1, or turn self-heal off with ${key}.enabled: false`,
    );
  }
  const ms = (name: string, fallback: HumanDuration) =>
    durationToMilliseconds(durationOr(config, `${key}.${name}`, fallback));
  const settings = {
    maxPerCluster,
    windowMs: ms('window', { minutes: 10 }),
    backOffMs: ms('backOff', { minutes: 1 }),
    maxBackOffMs: ms('maxBackOff', { hours: 1 }),
  };
  for (const name of ['window', 'backOff', 'maxBackOff'] as const) {
    if (!(settings[`${name}Ms`] > 0)) {
      throw new Error(
        `${key}.${name} must be longer than nothing; set a duration such as { minutes: 1 }`,
      );
    }
  }
  if (settings.backOffMs > settings.maxBackOffMs) {
    throw new Error(
      `${key}.backOff is longer than ${key}.maxBackOff; make maxBackOff at least as long`,
    );
  }
  return settings;
}

/** Reads and checks every setting of {@link NetsealConfig}; throws naming the first bad one. */
export function readNetsealConfig(config: Config): NetsealConfig {
  return {
    resyncInterval: durationOr(config, 'netseal.resyncInterval', {
      minutes: 10,
    }),
    policySourcesRefreshInterval: durationOr(
      config,
      'netseal.policySources.refreshInterval',
      { minutes: 5 },
    ),
    historyRetentionDays: readHistoryRetentionDays(config),
    requiredApprovals: readRequiredApprovals(config),
    accessAnalysis: readAccessAnalysis(config),
    rollouts: {
      autoStart:
        config.getOptionalBoolean('netseal.rollouts.autoStart') ?? true,
      pollInterval: durationOr(config, 'netseal.rollouts.pollInterval', {
        minutes: 1,
      }),
      leaseDuration: durationOr(config, 'netseal.rollouts.leaseDuration', {
        minutes: 5,
      }),
    },
    guard: { deleteExceptions: readGuardDeleteExceptions(config) },
    clusterLeaseDuration: readClusterLeaseDuration(config),
    appBaseUrl: config.getOptionalString('app.baseUrl'),
    drift: { selfHeal: readSelfHeal(config) },
    ...(config.has('netseal.attestation')
      ? { attestation: readAttestationKey(config) }
      : {}),
  };
}

const KEY_HINT =
  'give a PEM private key (PKCS#8 "BEGIN PRIVATE KEY"), e.g. from `openssl genpkey -algorithm ed25519`, or leave netseal.attestation out to sign nothing';

/** An Ed25519 or ECDSA P-256 private key, refused with the fix for anything else. */
function readAttestationKey(config: Config): AttestationKeySettings {
  const key = 'netseal.attestation.privateKey';
  const pem = config.getOptionalString(key);
  if (!pem?.trim()) {
    throw new Error(`${key} is missing or empty; ${KEY_HINT}`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    // Never the key's text in the message: it is a secret.
    throw new Error(
      `${key} is not a readable private key (${
        (error as Error).message
      }); ${KEY_HINT}`,
    );
  }
  const type = privateKey.asymmetricKeyType;
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  let algorithm: AttestationKeySettings['algorithm'];
  if (type === 'ed25519') {
    algorithm = 'ed25519';
  } else if (type === 'ec' && curve === 'prime256v1') {
    algorithm = 'ecdsa-p256';
  } else {
    throw new Error(
      `${key} is a ${type}${
        curve ? ` (${curve})` : ''
      } key; Netseal signs with Ed25519 or ECDSA P-256 only: ${KEY_HINT}`,
    );
  }
  return { privateKey, publicKey: createPublicKey(privateKey), algorithm };
}
