/* eslint-disable no-console */
import { computeSeal } from '@netseal/backstage-plugin-netseal-common';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { stringify } from 'yaml';
import { runNetseal } from '../runNetseal';
import { generatePolicies } from './generatePolicies';

const POLICIES = 10_000;
const FILES = 100;
const RUNS = 5;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall-clock and CPU time: the machines are shared, and CPU time shows less of the neighbours. */
async function timeCli(
  argv: string[],
  cwd: string,
): Promise<{ ms: number; cpuMs: number; code: number }> {
  const discard = { write: () => true };
  const cpu = process.cpuUsage();
  const start = performance.now();
  const code = await runNetseal(argv, {
    stdout: discard,
    stderr: discard,
    stdin: Readable.from([]),
    cwd,
    env: {},
  });
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  return { ms, cpuMs: (user + system) / 1000, code };
}

function rate(ms: number): string {
  return `${Math.round((POLICIES / ms) * 1000).toLocaleString(
    'en-US',
  )} policies/s`;
}

/**
 * Prints how fast sealing is: computeSeal over 10,000 generated policies (best and median of
 * five runs, after a warm-up), then the whole CLI path, seal and verify over the same
 * policies written as 100 multi-document files. Figures only; nothing here passes or fails.
 */
export async function main(): Promise<void> {
  const policies = generatePolicies(POLICIES);
  const yamlBytes = policies.reduce(
    (total, policy) => total + stringify(policy).length,
    0,
  );
  const averageKib = (yamlBytes / POLICIES / 1024).toFixed(1);
  console.log(
    `netseal benchmark: ${POLICIES} policies of ${averageKib} KiB of YAML on average; Node ${process.version}, one thread`,
  );

  for (const policy of policies.slice(0, 1000)) {
    computeSeal(policy);
  }
  const timings: number[] = [];
  const cpu = process.cpuUsage();
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    for (const policy of policies) {
      computeSeal(policy);
    }
    timings.push(performance.now() - start);
  }
  const { user, system } = process.cpuUsage(cpu);
  const best = Math.min(...timings);
  console.log(
    `computeSeal x ${POLICIES}: best ${best.toFixed(0)} ms (${rate(best)}), ` +
      `median ${median(timings).toFixed(0)} ms, ` +
      `CPU ${((user + system) / 1000 / RUNS).toFixed(
        0,
      )} ms per run, over ${RUNS} runs`,
  );

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'netseal-bench-'));
  try {
    const perFile = POLICIES / FILES;
    for (let file = 0; file < FILES; file += 1) {
      const documents = policies
        .slice(file * perFile, (file + 1) * perFile)
        .map(policy => stringify(policy));
      await fs.writeFile(
        path.join(dir, `policies-${file}.yaml`),
        documents.join('---\n'),
      );
    }
    const runs: Array<[string, string[]]> = [
      [`netseal seal, writing ${FILES} files`, ['seal', '.']],
      ['netseal verify', ['verify', '.']],
      ['netseal seal, nothing to change', ['seal', '.']],
    ];
    for (const [label, argv] of runs) {
      const { ms, cpuMs, code } = await timeCli(argv, dir);
      console.log(
        `${label}: ${ms.toFixed(0)} ms (${rate(ms)}), CPU ${cpuMs.toFixed(
          0,
        )} ms, exit ${code}`,
      );
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }

  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `memory: peak RSS ${megabytes(peak)}, RSS now ${megabytes(
      process.memoryUsage().rss,
    )}`,
  );
}
