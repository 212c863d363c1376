import fs from 'node:fs';
import path from 'node:path';

/**
 * The backend's layering, folder by folder: what each top-level folder of `src/` may
 * import from the others. Lower layers never know the higher ones: the drift engine
 * knows nothing of requests, the rollout nothing of the request service, the guard
 * nothing of the rollout, the restore nothing of requests, the data layer nothing of any
 * service, and only `http/` knows HTTP. Services meet through events, connected in
 * `wiring/`. A new import against this table fails here, naming the file and the fix.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  errors: [],
  schema: [],
  config: [],
  drift: [],
  sources: [],
  database: ['errors'],
  clusters: ['errors'],
  history: ['database'],
  reachability: ['clusters', 'database'],
  engine: ['clusters', 'database', 'drift', 'sources'],
  guard: ['clusters', 'errors'],
  requests: ['clusters', 'database', 'errors', 'sources'],
  rollout: ['clusters', 'database', 'errors'],
  // Actions answer as the API does: its authorization and JSON mapping, no routes.
  actions: ['clusters', 'database', 'http', 'reachability', 'requests'],
  // A restore runs as a rollout of its own kind: the rollout's executor, store and locks.
  restore: ['clusters', 'database', 'rollout'],
  // Signs what rollouts and restores did, as their records say; hears of their ends as events.
  attestation: ['database'],
  // Records how each policy's seal got there, from the same events.
  provenance: ['database'],
  // The compliance report, built from stored facts only.
  compliance: ['database'],
  http: [
    'attestation',
    'clusters',
    'compliance',
    'database',
    'errors',
    'guard',
    'provenance',
    'reachability',
    'requests',
    'restore',
    'rollout',
    'schema',
  ],
  wiring: [
    'attestation',
    'clusters',
    'compliance',
    'config',
    'database',
    'engine',
    'guard',
    'history',
    'provenance',
    'requests',
    'restore',
    'rollout',
    'sources',
  ],
};
/** Folders that only tests use, open to every test. */
const TEST_ONLY = new Set(['__fixtures__', 'endToEnd']);

const src = __dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The top-level folder of `src/` a file or an imported folder is in; `.` for src's own files. */
function topFolder(target: string): string {
  const [first, ...rest] = path.relative(src, target).split(path.sep);
  const isFolder = fs.existsSync(target) && fs.statSync(target).isDirectory();
  return rest.length === 0 && !isFolder ? '.' : first;
}

function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:from|import\(|require\()\s*'(\.{1,2}\/[^']*)'/g),
  ].map(match => match[1]);
}

const isTest = (file: string) =>
  /\.test\.tsx?$/.test(file) || file.includes(`${path.sep}__testUtils__`);

describe('the backend layering', () => {
  const files = sourceFiles(src);

  it('has a rule for every top-level folder', () => {
    const folders = new Set(files.map(topFolder));
    folders.delete('.');
    TEST_ONLY.forEach(folder => folders.delete(folder));
    expect([...folders].filter(folder => !(folder in MAY_IMPORT))).toEqual([]);
  });

  it('has no import from a folder its layer may not know', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = topFolder(file);
      if (from === '.' || from === 'endToEnd') continue;
      for (const spec of relativeImports(file)) {
        const to = topFolder(path.resolve(path.dirname(file), spec));
        if (to === from || to === '.') {
          if (to === '.' && from !== '.') {
            wrong.push(
              `${path.relative(
                src,
                file,
              )} imports ${spec}: only plugin.ts and tests use the plugin's entry points`,
            );
          }
          continue;
        }
        if (TEST_ONLY.has(to) && isTest(file)) continue;
        if (!(MAY_IMPORT[from] ?? []).includes(to)) {
          wrong.push(
            `${path.relative(
              src,
              file,
            )} imports ${spec}: ${from}/ may not know ${to}/; pass what it needs in, or publish an event that wiring/ connects`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
