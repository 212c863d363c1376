#!/usr/bin/env node
/* eslint-disable no-console */
// `yarn pack` runs this first: bundles the CLI, then writes the package.json the tarball
// carries. The bundle holds every module the CLI runs, so the packed manifest declares no
// dependencies (npm installs the tarball offline, from nothing else), no `types` (the
// TypeScript sources stay in the repository) and none of the development scripts. The manifest in Git is kept as
// package.json-prepack and put back by postpack.js, as `backstage-cli package prepack`
// does for Backstage's own packages.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { backupPath, manifestPath, restoreManifest } = require('./packManifest');

restoreManifest(); // a pack that died before its postpack left the backup behind

execFileSync(process.execPath, [path.join(__dirname, 'bundle.js')], {
  stdio: 'inherit',
});

const text = fs.readFileSync(manifestPath, 'utf8');
fs.writeFileSync(backupPath, text);
const {
  dependencies: _bundled,
  devDependencies: _buildOnly,
  types: _sources,
  scripts,
  ...packed
} = JSON.parse(text);
// Yarn runs postpack from the manifest as it reads it after this script: keep that one.
packed.scripts = { postpack: scripts.postpack };
fs.writeFileSync(manifestPath, `${JSON.stringify(packed, null, 2)}\n`);
