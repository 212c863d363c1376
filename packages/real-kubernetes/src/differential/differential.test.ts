import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeApiTestServer } from '@netseal/kube-api-test-server';
import {
  REAL_KUBERNETES_START_TIMEOUT_MS,
  RealKubernetes,
  startRealKubernetes,
} from '../startRealKubernetes';
import { compareAnswers, differenceReport } from './compareAnswers';
import {
  DifferentialTarget,
  realTarget,
  startTestServerTarget,
} from './DifferentialTarget';
import { differentialScenario } from './differentialScenario';
import { knownDifferences } from './knownDifferences';
import { runScenario, scenarioContext } from './Scenario';

// The scenario makes some hundred requests and forty kubectl runs per server.
jest.setTimeout(10 * 60_000);

describe('the Kubernetes API test server, held to a real kube-apiserver', () => {
  let real: RealKubernetes;
  let testServer: KubeApiTestServer;
  let targets: DifferentialTarget[];
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'differential-'));
    real = await startRealKubernetes();
    const started = await startTestServerTarget(folder);
    testServer = started.server;
    targets = [realTarget(real), started.target];
  }, REAL_KUBERNETES_START_TIMEOUT_MS);

  afterAll(async () => {
    await testServer?.stop();
    await real?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('answers the scenario as the real server does, but for the differences its README lists', async () => {
    // One name on both servers, so that messages naming it compare.
    const suffix = randomBytes(3).toString('hex');
    const answers = [];
    for (const target of targets) {
      answers.push(
        await runScenario(
          differentialScenario,
          scenarioContext({
            target,
            namespace: `differential-${suffix}`,
            suffix,
            folder: join(folder, target.name.replace(' ', '-')),
          }),
        ),
      );
    }
    const [onReal, onTestServer] = answers;

    const differences = compareAnswers(onReal, onTestServer);
    const report = differenceReport(
      differences,
      knownDifferences,
      differentialScenario.length,
    );
    process.stdout.write(`\n${report}\n`);

    // A step that throws on the real server is a broken scenario, not a finding.
    const broken = [...onReal.entries()].filter(
      ([, answer]) =>
        typeof answer === 'object' &&
        answer !== null &&
        !Array.isArray(answer) &&
        'thrown' in answer,
    );
    expect(broken).toEqual([]);
    expect(
      differences.map(d => d.step).filter(step => !(step in knownDifferences)),
    ).toEqual([]);
    // A listed difference that no longer shows must leave the list (and the README).
    expect(
      Object.keys(knownDifferences).filter(
        step => !differences.some(d => d.step === step),
      ),
    ).toEqual([]);
  });
});
