#!/usr/bin/env node
/* eslint-disable no-console */
// Checks what a platform team installs: every workspace under plugins/ is a publishable
// package with the metadata a registry and an adopter need, and its dependencies say
// what its published code really needs; every workspace under packages/ (the apps and the
// dev-only stand-ins for Kubernetes and GitHub) stays private and never becomes a
// runtime dependency of a publishable package. Exits 1 naming each package, field and fix.
//
//   node scripts/check-packages.js
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const root = path.resolve(__dirname, '..');

// Dependencies that no published file imports but that are needed all the same.
const NEEDED_WITHOUT_IMPORT = {
  '@netseal/backstage-plugin-netseal': {
    '@date-io/core':
      "@material-table/core's peer dependency, provided next to it as @backstage/core-components does",
  },
};

// Peer dependencies of a frontend package, as Backstage's own plugins declare them, so an
// app's single React and React Router are shared.
const FRONTEND_PEERS = ['react', 'react-dom', 'react-router-dom'];

// Files that run only in tests or development, by Backstage's own rule
// (@backstage/no-undeclared-imports), plus fixtures and benches.
const DEV_ONLY_FILE = [
  /\.test\.[jt]sx?$/,
  /\.stories\.[jt]sx?$/,
  /(^|\/)__testUtils__\//,
  /(^|\/)__mocks__\//,
  /(^|\/)__fixtures__\//,
  /(^|\/)setupTests\.[jt]sx?$/,
];

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function workspaces() {
  const result = [];
  for (const group of ['plugins', 'packages']) {
    for (const name of fs.readdirSync(path.join(root, group)).sort()) {
      const dir = path.join(group, name);
      const manifest = path.join(root, dir, 'package.json');
      if (fs.existsSync(manifest)) {
        result.push({ dir, group, pkg: readJson(manifest) });
      }
    }
  }
  return result;
}

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (
      /\.(c|m)?[jt]sx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    )
      out.push(full);
    else if (entry.name.endsWith('.d.ts') && entry.name !== 'config.d.ts')
      out.push(full);
  }
  return out;
}

// Every source file of the package, tests and development tools included.
function allSourceFiles(dir) {
  const abs = path.join(root, dir);
  return ['src', 'migrations', 'bin', 'dev', 'bench', 'scripts'].flatMap(sub =>
    walk(path.join(abs, sub)),
  );
}

// The files that end up in the published package: its sources (built into dist), its
// migrations and its bin scripts, without the test-only ones.
function publishedSourceFiles(dir) {
  const abs = path.join(root, dir);
  return ['src', 'migrations', 'bin']
    .flatMap(sub => walk(path.join(abs, sub)))
    .filter(file => {
      const rel = path.relative(abs, file).split(path.sep).join('/');
      return !DEV_ONLY_FILE.some(pattern => pattern.test(rel));
    });
}

// TypeScript's own scanner finds import, export-from, require() and import() specifiers,
// and nothing in comments or strings.
function importedPackages(file) {
  const ts = require('typescript');
  const { importedFiles } = ts.preProcessFile(
    fs.readFileSync(file, 'utf8'),
    true,
    true,
  );
  const names = new Set();
  for (const { fileName: spec } of importedFiles) {
    if (
      spec.startsWith('.') ||
      spec.startsWith('/') ||
      spec.startsWith('node:')
    )
      continue;
    const name = spec.startsWith('@')
      ? spec.split('/').slice(0, 2).join('/')
      : spec.split('/')[0];
    if (builtinModules.includes(name)) continue;
    names.add(name);
  }
  return names;
}

// The versions of the Backstage release in backstage.json, as the root package.json's
// resolutions hold them (`"@backstage/x@npm:^1.2.3": "1.2.3"`, from the release's
// manifest; docs/releasing.md). A published package's @backstage range must be one of
// them, so an app of that release satisfies it with its own copy.
function releaseVersions() {
  const versions = new Map();
  const resolutions = readJson(path.join(root, 'package.json')).resolutions;
  for (const [descriptor, version] of Object.entries(resolutions ?? {})) {
    const match = /^(@backstage\/[^@]+)@npm:\^(.+)$/.exec(descriptor);
    if (match && match[2] === version) versions.set(match[1], version);
  }
  return versions;
}

function main() {
  const all = workspaces();
  const release = readJson(path.join(root, 'backstage.json')).version;
  const releaseVersion = releaseVersions();
  const privateNames = new Set(
    all.filter(w => w.pkg.private).map(w => w.pkg.name),
  );
  const problems = [];
  const problem = (w, text) =>
    problems.push(`${w.dir} (${w.pkg.name}): ${text}`);

  for (const w of all) {
    const { pkg, dir, group } = w;
    if (group === 'packages') {
      if (pkg.private !== true) {
        problem(
          w,
          'packages/ holds the apps and dev-only stand-ins, which are never published: set "private": true (a package to publish belongs under plugins/)',
        );
      }
      continue;
    }

    // Publishable: what a registry and an adopter need.
    if (pkg.private) {
      problem(w, 'is publishable (under plugins/): remove "private": true');
    }
    if (!pkg.version) problem(w, 'has no "version"');
    if (!pkg.description)
      problem(w, 'has no "description": say what it is for');
    if (!pkg.license) problem(w, 'has no "license": set "Apache-2.0"');
    if (pkg.publishConfig?.access !== 'public') {
      problem(
        w,
        'needs "publishConfig": { "access": "public" } (a scoped package is private by default)',
      );
    }
    if (!Array.isArray(pkg.files) || !pkg.files.includes('dist')) {
      problem(
        w,
        'needs "files" listing "dist", so the tarball holds the build and nothing else',
      );
    }
    const repo = pkg.repository;
    if (
      !repo ||
      typeof repo !== 'object' ||
      !repo.url ||
      repo.directory !== dir
    ) {
      problem(
        w,
        `needs "repository": { "type": "git", "url": …, "directory": "${dir}" }`,
      );
    }
    if (!pkg.scripts?.prepack || !pkg.scripts?.postpack) {
      problem(
        w,
        'needs "prepack" and "postpack" scripts (backstage-cli package prepack/postpack), so the packed package.json points at dist',
      );
    }
    if (!fs.existsSync(path.join(root, dir, 'CHANGELOG.md'))) {
      problem(
        w,
        'has no CHANGELOG.md: changesets writes it on `yarn changeset version`; start it with "# <name>"',
      );
    }
    if (!pkg.backstage?.role) problem(w, 'has no "backstage.role"');

    // Dev-only packages never reach an adopter.
    for (const field of [
      'dependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      for (const name of Object.keys(pkg[field] ?? {})) {
        if (privateNames.has(name)) {
          problem(
            w,
            `lists the private package ${name} in "${field}": it is never published, so an install would fail; move it to "devDependencies"`,
          );
        }
      }
    }

    // An app of the release in backstage.json satisfies every @backstage range.
    for (const field of ['dependencies', 'peerDependencies']) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        if (!name.startsWith('@backstage/')) continue;
        const version = releaseVersion.get(name);
        if (!version) {
          problem(
            w,
            `lists ${name} in "${field}", which Backstage ${release} (backstage.json) does not have: use what the release has, or move backstage.json and the root resolutions to a release that has it (docs/releasing.md)`,
          );
        } else if (range !== `^${version}`) {
          problem(
            w,
            `lists ${name} ${range} in "${field}": Backstage ${release} (backstage.json) has ${version}, so make it ^${version}, which an app of that release satisfies with its own copy`,
          );
        }
      }
    }

    // Dependencies match what the published code imports.
    const deps = pkg.dependencies ?? {};
    const peers = pkg.peerDependencies ?? {};
    const imported = new Map();
    for (const file of publishedSourceFiles(dir)) {
      for (const name of importedPackages(file)) {
        if (name === pkg.name) continue;
        if (!imported.has(name)) imported.set(name, path.relative(root, file));
      }
    }
    for (const [name, file] of imported) {
      if (!deps[name] && !peers[name]) {
        problem(
          w,
          `${file} imports ${name}, which is not in "dependencies": an adopter's install would miss it (yarn workspace ${pkg.name} add ${name})`,
        );
      }
    }
    const needed = NEEDED_WITHOUT_IMPORT[pkg.name] ?? {};
    for (const name of Object.keys(deps)) {
      if (!imported.has(name) && !needed[name]) {
        problem(
          w,
          `lists ${name} in "dependencies" but no published file imports it: move it to "devDependencies" (tests only) or remove it`,
        );
      }
    }
    const devDeps = pkg.devDependencies ?? {};
    const reported = new Set();
    for (const file of allSourceFiles(dir)) {
      for (const name of importedPackages(file)) {
        if (name === pkg.name || imported.has(name) || reported.has(name))
          continue;
        if (!deps[name] && !peers[name] && !devDeps[name]) {
          reported.add(name);
          problem(
            w,
            `${path.relative(
              root,
              file,
            )} imports ${name}, which is in none of its dependency lists: tests would pass only by hoisting (yarn workspace ${
              pkg.name
            } add --dev ${name})`,
          );
        }
      }
    }
    if (pkg.backstage?.role === 'frontend-plugin') {
      for (const name of FRONTEND_PEERS) {
        if (deps[name]) {
          problem(
            w,
            `lists ${name} in "dependencies": make it a peer dependency, as Backstage's plugins do, so the app's own copy is used`,
          );
        }
        if (!peers[name]) {
          problem(
            w,
            `needs ${name} in "peerDependencies", as Backstage's plugins declare it`,
          );
        }
      }
    }
  }

  if (problems.length > 0) {
    console.error(`Package check failed (${problems.length}):`);
    for (const text of problems) console.error(`- ${text}`);
    process.exit(1);
  }
  const published = all.filter(w => w.group === 'plugins').length;
  console.log(
    `Package check passed: ${published} publishable packages under plugins/, ${
      all.length - published
    } private ones under packages/.`,
  );
}

main();
