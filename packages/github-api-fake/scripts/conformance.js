#!/usr/bin/env node
/*
 * Runs the tests that talk to the GitHub stand-in, with each test file writing what its
 * answers were held to (see registerGithubConformanceHooks), and prints how many of them
 * GitHub's published descriptions allow, operation by operation.
 *
 *   yarn workspace @netseal/github-api-fake conformance
 *
 * Exits non-zero when a test failed or any answer does not conform.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The test files that use the stand-in: the GitHub module's, and the backend's GitHub tests. */
const TEST_PATHS = [
  'plugins/netseal-backend-module-github/src',
  'plugins/netseal-backend/src/endToEnd/github',
  'plugins/netseal-backend/src/sources/UrlReaderPolicySourceReader.github',
];

const root = path.resolve(__dirname, '../../..');
const dir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'netseal-github-conformance-'),
);
const run = spawnSync(
  'yarn',
  ['backstage-cli', 'repo', 'test', '--watch=false', ...TEST_PATHS],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NETSEAL_GITHUB_CONFORMANCE_DIR: dir },
  },
);

const total = {
  responses: { total: 0, conforming: 0, undescribedStatus: 0 },
  webhooks: { total: 0, conforming: 0 },
  byOperation: {},
};
const files = fs.readdirSync(dir).filter(file => file.endsWith('.json'));
for (const file of files) {
  const { counts } = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  for (const kind of ['responses', 'webhooks']) {
    for (const [key, value] of Object.entries(counts[kind])) {
      total[kind][key] += value;
    }
  }
  for (const [key, value] of Object.entries(counts.byOperation)) {
    total.byOperation[key] = (total.byOperation[key] ?? 0) + value;
  }
}
fs.rmSync(dir, { recursive: true, force: true });

const rows = Object.entries(total.byOperation)
  .map(([key, count]) => [...key.split('\t'), count])
  .sort((a, b) => `${a[2]} ${a[3]}`.localeCompare(`${b[2]} ${b[3]}`));
console.log(
  `\nWhat the GitHub stand-in answered, in ${files.length} test files:`,
);
for (const [outcome, flavour, operation, status, count] of rows) {
  console.log(
    `  ${String(count).padStart(4)}  ${outcome.padEnd(18)} ${flavour.padEnd(
      14,
    )} ${operation}${status ? ` → ${status}` : ''}`,
  );
}
const { responses, webhooks } = total;
const violating =
  responses.total - responses.conforming - responses.undescribedStatus;
console.log(
  `\nGitHub conformance: ${responses.conforming} of ${responses.total} responses conform to GitHub's REST description, ${responses.undescribedStatus} more have an error status GitHub sends that its description leaves out, ${violating} violate it; ${webhooks.conforming} of ${webhooks.total} webhook payloads conform to GitHub's webhook description`,
);
const failed =
  run.status !== 0 ||
  violating > 0 ||
  webhooks.conforming !== webhooks.total ||
  files.length === 0;
process.exit(failed ? 1 : 0);
