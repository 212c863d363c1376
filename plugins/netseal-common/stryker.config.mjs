// Mutation testing of netseal-common's decisions (README, "Mutation testing"). One area
// per run, named by NETSEAL_MUTATION_AREA: only its files are mutated and only its own
// tests run, so a score says what those tests notice, not what some other suite does.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const AREAS = {
  'canonical-and-seal': {
    mutate: ['src/canonical/**/*.ts', 'src/seal/**/*.ts'],
    tests: ['canonical', 'seal'],
  },
  guard: { mutate: ['src/guard/**/*.ts'], tests: ['guard'] },
  rollout: { mutate: ['src/rollout/**/*.ts'], tests: ['rollout'] },
  drift: { mutate: ['src/drift/computeDrift.ts'], tests: ['drift'] },
};

const areaName = process.env.NETSEAL_MUTATION_AREA;
const area = AREAS[areaName];
if (!area) {
  throw new Error(
    `NETSEAL_MUTATION_AREA must name one area (${Object.keys(AREAS).join(
      ', ',
    )}), got ${JSON.stringify(areaName)}: run yarn mutation:<area>`,
  );
}

// What backstage-cli package test sets before it starts Jest.
process.env.TZ ??= 'UTC';
// The seal's and computeDrift's property tests run once per mutant: 50 generated cases
// each instead of CI's 200 make a run several times shorter. Fewer cases can only let
// more mutants survive, so the score is a lower bound.
process.env.NETSEAL_PROPERTY_RUNS ??= '50';

export default {
  testRunner: 'jest',
  jest: {
    // backstage-cli's own Jest configuration. It reads the package from the working
    // directory, which for Stryker's test runners is the sandbox copy of this package.
    configFile: require.resolve('@backstage/cli/config/jest'),
    config: {
      testMatch: area.tests.map(folder => `<rootDir>/${folder}/**/*.test.ts`),
      // backstage-cli's list for this package, then fast-check's settings for mutants.
      setupFilesAfterEnv: [
        '<rootDir>/setupTests.ts',
        require.resolve('./stryker.fast-check.cjs'),
      ],
    },
  },
  mutate: [
    ...area.mutate,
    '!src/**/*.test.ts',
    '!src/**/__testUtils__/**',
    '!src/**/__fixtures__/**',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Other work shares the two cores; a mutant's tests may run several times slower than
  // in the initial run, and a slow survivor must not count as a timeout (a kill).
  timeoutFactor: 3,
  timeoutMS: 30000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${areaName}.html` },
  jsonReporter: { fileName: `reports/mutation/${areaName}.json` },
  thresholds: { high: 95, low: 95, break: 95 },
  tempDirName: '.stryker-tmp',
};
