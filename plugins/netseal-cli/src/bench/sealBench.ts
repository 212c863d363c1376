/* eslint-disable no-console */
import {
  computeSeal,
  readManifestDocuments,
} from '@netseal/backstage-plugin-netseal-common';
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments, stringify } from 'yaml';
import { generatePolicies } from './generatePolicies';

const POLICIES = 10_000;
const FILES = 100;
const RUNS = 5;
const CLI_RUNS = 3;
const STARTS = 21;

// The bench runs from the sources, never from the bundle.
// eslint-disable-next-line no-restricted-syntax
const packageDir = path.resolve(__dirname, '../..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function range(values: number[], unit = 'ms'): string {
  const sorted = [...values].sort((a, b) => a - b);
  const low = sorted[0].toFixed(0);
  const high = sorted[sorted.length - 1].toFixed(0);
  return low === high ? `${low} ${unit}` : `${low}–${high} ${unit}`;
}

function load(): string {
  return os
    .loadavg()
    .map(value => value.toFixed(1))
    .join(' ');
}

/** What one run of the bundled CLI cost, as the process measured itself. */
interface CliRun {
  wallMs: number;
  cpuMs: number;
  maxRssMiB: number;
  code: number | null;
  stdout: string;
}

// Runs the bundle as an installed netseal runs it, and has the process report its own CPU
// time and peak memory on exit (on fd 3), which no API gives for a child.
const MEASURED_RUN = `
const fs = require('node:fs');
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  fs.writeSync(3, JSON.stringify({ cpuMs: (user + system) / 1000, maxRssKiB: process.resourceUsage().maxRSS }));
});
require(process.argv[1]).main(process.argv.slice(2));
`;

function runBundledCli(
  bundle: string,
  argv: string[],
  cwd: string,
  workers: number,
): CliRun {
  const start = performance.now();
  const result = spawnSync(
    process.execPath,
    ['-e', MEASURED_RUN, bundle, ...argv],
    {
      cwd,
      env: { ...process.env, NETSEAL_WORKERS: String(workers) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const wallMs = performance.now() - start;
  const measured = JSON.parse(String(result.output[3] || '{}'));
  return {
    wallMs,
    cpuMs: measured.cpuMs,
    maxRssMiB: measured.maxRssKiB / 1024,
    code: result.status,
    stdout: result.stdout,
  };
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

async function writePolicyFiles(dir: string, texts: string[]): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const perFile = texts.length / FILES;
  for (let file = 0; file < FILES; file += 1) {
    await fs.writeFile(
      path.join(dir, `policies-${file}.yaml`),
      texts.slice(file * perFile, (file + 1) * perFile).join('---\n'),
    );
  }
}

/** Wall and CPU time of `RUNS` runs of `work`: on shared cores, CPU time shows less of the neighbours. */
function timeRuns(work: () => void): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const startCpu = process.cpuUsage();
    const start = performance.now();
    work();
    wall.push(performance.now() - start);
    const { user, system } = process.cpuUsage(startCpu);
    cpu.push((user + system) / 1000);
  }
  return { wall, cpu };
}

function describeRuns({ wall, cpu }: { wall: number[]; cpu: number[] }) {
  return `wall median ${median(wall).toFixed(0)} ms (${range(
    wall,
  )}), CPU median ${median(cpu).toFixed(0)} ms, ${RUNS} runs`;
}

function benchComputeSeal(policies: ReturnType<typeof generatePolicies>) {
  for (const policy of policies.slice(0, 1000)) {
    computeSeal(policy);
  }
  const runs = timeRuns(() => {
    for (const policy of policies) {
      computeSeal(policy);
    }
  });
  console.log(`computeSeal × ${POLICIES}, in-process: ${describeRuns(runs)}`);
}

/** What the drift engine's first check pays to read its manifests: readManifestDocuments, one policy per file. */
function benchReadManifestDocuments(texts: string[]) {
  const runs = timeRuns(() => {
    for (const text of texts) {
      if ('error' in readManifestDocuments(text)) {
        throw new Error('a generated policy did not read');
      }
    }
  });
  const sample = texts.slice(0, 1000);
  const startCpu = process.cpuUsage();
  for (const text of sample) {
    for (const document of parseAllDocuments(text)) {
      document.toJS();
    }
  }
  const { user, system } = process.cpuUsage(startCpu);
  const yamlCpu = ((user + system) / 1000 / sample.length) * POLICIES;
  console.log(
    `readManifestDocuments × ${POLICIES} policies, one per text (what the backend's drift checks call per policy-source file), in-process: ${describeRuns(
      runs,
    )}; the yaml library's Document API alone would take ${yamlCpu.toFixed(
      0,
    )} ms of CPU (from ${sample.length})`,
  );
}

async function benchCli(
  bundle: string,
  dir: string,
  texts: string[],
  workers: number,
) {
  const seals: CliRun[] = [];
  const verifies: CliRun[] = [];
  const reseals: CliRun[] = [];
  for (let run = 0; run < CLI_RUNS; run += 1) {
    await writePolicyFiles(dir, texts);
    seals.push(runBundledCli(bundle, ['seal', '.'], dir, workers));
    verifies.push(runBundledCli(bundle, ['verify', '.'], dir, workers));
    reseals.push(runBundledCli(bundle, ['seal', '.'], dir, workers));
  }
  const threads =
    workers === 0 ? 'one thread' : `main thread and ${workers} worker`;
  const report = (label: string, runs: CliRun[]) => {
    const codes = [...new Set(runs.map(run => run.code))].join(', ');
    console.log(
      `${label} (${threads}): wall median ${median(
        runs.map(run => run.wallMs),
      ).toFixed(0)} ms (${range(runs.map(run => run.wallMs))}), CPU ${range(
        runs.map(run => run.cpuMs),
      )}, peak RSS ${range(
        runs.map(run => run.maxRssMiB),
        'MiB',
      )}, exit ${codes}: ${lastLine(runs[0].stdout)}`,
    );
  };
  report(`netseal seal, ${FILES} files to write`, seals);
  report('netseal verify', verifies);
  report('netseal seal, nothing to change', reseals);
}

/** `netseal --version` as installed (bin/netseal beside dist/, no sources), against `node -e 0`. */
async function benchStart(bundleDir: string, workDir: string) {
  const installed = path.join(workDir, 'installed');
  await fs.mkdir(path.join(installed, 'bin'), { recursive: true });
  await fs.cp(bundleDir, path.join(installed, 'dist'), { recursive: true });
  await fs.copyFile(
    path.join(packageDir, 'bin/netseal'),
    path.join(installed, 'bin/netseal'),
  );
  const bin = path.join(installed, 'bin/netseal');
  const time = (args: string[]) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
    }
    return performance.now() - start;
  };
  time([bin, '--version']); // fills Node's compile cache, as any first run does
  const bare: number[] = [];
  const version: number[] = [];
  for (let run = 0; run < STARTS; run += 1) {
    bare.push(time(['-e', '0']));
    version.push(time([bin, '--version']));
  }
  console.log(
    `netseal --version: median ${median(version).toFixed(0)} ms (${range(
      version,
    )}); node -e 0: median ${median(bare).toFixed(0)} ms (${range(
      bare,
    )}); ratio ${(median(version) / median(bare)).toFixed(
      2,
    )}, ${STARTS} runs each, alternating`,
  );
}

/**
 * Prints how fast netseal is, as the README's table states it: computeSeal in-process;
 * the backend's reading of manifests (readManifestDocuments); then the bundled CLI, as
 * separate processes, over 10,000 generated policies in 100 multi-document files: seal
 * writing every file, verify, and seal with nothing to change, three times each, on one
 * thread and then with one worker thread (NETSEAL_WORKERS, which otherwise follows the
 * load); then `netseal --version` against `node -e 0`. Figures only; nothing here passes
 * or fails.
 */
export async function main(): Promise<void> {
  console.log(
    `netseal benchmark on ${os.cpus().length} × ${
      os.cpus()[0]?.model ?? 'unknown CPU'
    }, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; Node ${
      process.version
    }; load average ${load()} (1, 5, 15 min)`,
  );
  execFileSync(process.execPath, [path.join(packageDir, 'scripts/bundle.js')], {
    stdio: 'inherit',
  });
  const bundle = path.join(packageDir, 'dist/index.cjs.js');

  const policies = generatePolicies(POLICIES);
  const texts = policies.map(policy => stringify(policy));
  const bytes = texts.reduce((total, text) => total + text.length, 0);
  console.log(
    `${POLICIES} generated policies, ${(bytes / POLICIES / 1024).toFixed(
      1,
    )} KiB of YAML each on average, ${FILES} files of ${POLICIES / FILES}`,
  );

  benchComputeSeal(policies);
  benchReadManifestDocuments(texts);

  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netseal-bench-'));
  try {
    console.log(`load average before the CLI runs ${load()}`);
    await benchCli(bundle, path.join(workDir, 'policies'), texts, 0);
    console.log(`load average ${load()}`);
    await benchCli(bundle, path.join(workDir, 'policies'), texts, 1);
    await benchStart(path.dirname(bundle), workDir);
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
  console.log(`load average at the end ${load()}`);
}
