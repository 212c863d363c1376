#!/usr/bin/env node
/* eslint-disable no-console */
// Bundles the CLI into one CommonJS file, dist/index.cjs.js, that runs on plain Node 20,
// 22 and 24: our workspace packages (netseal-common) and every third-party module it uses
// are inside, so the packed tarball installs and runs with nothing else. Licences of the
// bundled modules go to dist/THIRD_PARTY_NOTICES.md.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.resolve(__dirname, '..');
const distDir = path.join(packageDir, 'dist');

/** The package.json of the node_modules package that holds `file`, if any. */
function packageOf(file) {
  const marker = `${path.sep}node_modules${path.sep}`;
  const index = file.lastIndexOf(marker);
  if (index === -1) {
    return undefined;
  }
  const rest = file.slice(index + marker.length).split(path.sep);
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  const dir = path.join(file.slice(0, index + marker.length), name);
  return { name, dir };
}

function licenceText(dir) {
  const names = fs.readdirSync(dir);
  const file = names.find(name => /^(licen[sc]e|copying)(\..*)?$/i.test(name));
  return file
    ? fs.readFileSync(path.join(dir, file), 'utf8').trim()
    : undefined;
}

function writeNotices(metafile) {
  const packages = new Map();
  const [output] = Object.values(metafile.outputs);
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) {
      continue;
    }
    const found = packageOf(path.resolve(packageDir, '../..', input));
    if (found && !packages.has(found.name)) {
      packages.set(found.name, found.dir);
    }
  }
  const sections = [...packages]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, dir]) => {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      );
      const text = licenceText(dir);
      return [
        `## ${name} ${manifest.version} (${manifest.license ?? 'see below'})`,
        '',
        text
          ? ['```text', text, '```'].join('\n')
          : 'No licence file in the package.',
      ].join('\n');
    });
  fs.writeFileSync(
    path.join(distDir, 'THIRD_PARTY_NOTICES.md'),
    [
      '# Third-party software bundled in dist/index.cjs.js',
      '',
      ...sections.map(section => `${section}\n`),
    ].join('\n'),
  );
  return [...packages.keys()];
}

async function main() {
  fs.rmSync(distDir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: path.resolve(packageDir, '../..'),
    entryPoints: [path.join(packageDir, 'src/index.ts')],
    outfile: path.join(distDir, 'index.cjs.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifySyntax: true,
    legalComments: 'none',
    // `node dist/index.cjs.js verify …` runs the command too (the bench does). In netseal's
    // own worker threads the bundle is loaded to serve files, not to run a command.
    footer: {
      js: "if (require.main === module && require('node:worker_threads').isMainThread) module.exports.main(process.argv.slice(2));",
    },
    metafile: true,
    logLevel: 'warning',
  });
  const bundled = writeNotices(result.metafile);
  const bytes = fs.statSync(path.join(distDir, 'index.cjs.js')).size;
  console.log(
    `netseal: dist/index.cjs.js, ${(bytes / 1024).toFixed(
      0,
    )} KiB, bundling ${bundled.join(', ')}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
