import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One answer the stand-in gave (a REST response) or sent (a webhook), as checked. */
export interface GithubExchange {
  kind: 'response' | 'webhook';
  /** `api.github.com` or the GitHub Enterprise Server description it was held to. */
  flavour: string;
  /** The REST operation, or the webhook's event and action. */
  operation: string;
  /** The HTTP status of a response. */
  status?: number;
  outcome: 'conforms' | 'undescribed-status' | 'violates';
  problems: string[];
  undescribedBecause?: string;
  /** The test that was running, when the check ran under Jest. */
  test?: string;
}

/** Counts of exchanges, for a summary line. */
export interface GithubConformanceCounts {
  responses: { total: number; conforming: number; undescribedStatus: number };
  webhooks: { total: number; conforming: number };
  /** `outcome operation status` to how many times, for the report. */
  byOperation: Record<string, number>;
}

/**
 * Where checks land within one process (one Jest test file): every exchange for the
 * counts, and the violations not yet reported, for the test that caused them.
 */
const exchanges: GithubExchange[] = [];
let unreported: GithubExchange[] = [];

function currentTestName(): string | undefined {
  const state = (
    globalThis as {
      expect?: { getState?: () => { currentTestName?: string } };
    }
  ).expect?.getState?.();
  return state?.currentTestName;
}

export function recordGithubExchange(exchange: GithubExchange): void {
  const recorded = { ...exchange, test: currentTestName() };
  exchanges.push(recorded);
  if (recorded.outcome === 'violates') unreported.push(recorded);
}

/** The violations recorded since the last call, which are then forgotten. */
export function takeGithubViolations(): GithubExchange[] {
  const taken = unreported;
  unreported = [];
  return taken;
}

export function githubConformanceCounts(
  from: GithubExchange[] = exchanges,
): GithubConformanceCounts {
  const counts: GithubConformanceCounts = {
    responses: { total: 0, conforming: 0, undescribedStatus: 0 },
    webhooks: { total: 0, conforming: 0 },
    byOperation: {},
  };
  for (const exchange of from) {
    if (exchange.kind === 'response') {
      counts.responses.total += 1;
      if (exchange.outcome === 'conforms') counts.responses.conforming += 1;
      if (exchange.outcome === 'undescribed-status') {
        counts.responses.undescribedStatus += 1;
      }
    } else {
      counts.webhooks.total += 1;
      if (exchange.outcome === 'conforms') counts.webhooks.conforming += 1;
    }
    const key = `${exchange.outcome}\t${exchange.flavour}\t${
      exchange.operation
    }\t${exchange.status ?? ''}`;
    counts.byOperation[key] = (counts.byOperation[key] ?? 0) + 1;
  }
  return counts;
}

/** The violations as a message naming each operation, status, place and schema. */
export function describeGithubViolations(violations: GithubExchange[]): string {
  return [
    `The GitHub stand-in gave ${violations.length} answer(s) that GitHub's published description does not allow:`,
    ...violations.map(
      violation =>
        `- ${violation.kind === 'webhook' ? 'webhook ' : ''}${
          violation.operation
        }${violation.status ? ` → ${violation.status}` : ''} [${
          violation.flavour
        }]:\n    ${violation.problems.slice(0, 20).join('\n    ')}${
          violation.problems.length > 20
            ? `\n    … and ${violation.problems.length - 20} more`
            : ''
        }`,
    ),
  ].join('\n');
}

/**
 * Jest hooks for a test file that talks to the GitHub stand-in: after each test, any
 * answer the stand-in gave that GitHub's description does not allow fails that test,
 * with the operation, status and schema path; after the file, when
 * `NETSEAL_GITHUB_CONFORMANCE_DIR` is set, the counts are written there for
 * `yarn workspace @netseal/github-api-fake conformance` to add up.
 */
export function registerGithubConformanceHooks(): void {
  afterEach(() => {
    const violations = takeGithubViolations();
    if (violations.length > 0) {
      throw new Error(describeGithubViolations(violations));
    }
  });
  afterAll(() => {
    const dir = process.env.NETSEAL_GITHUB_CONFORMANCE_DIR;
    if (!dir || exchanges.length === 0) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `${randomUUID()}.json`),
      JSON.stringify({
        testFile: (
          globalThis as { expect?: { getState?: () => { testPath?: string } } }
        ).expect?.getState?.().testPath,
        counts: githubConformanceCounts(),
        violations: exchanges.filter(e => e.outcome === 'violates'),
      }),
    );
  });
}
