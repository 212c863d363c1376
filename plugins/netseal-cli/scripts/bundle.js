#!/usr/bin/env node
/* eslint-disable no-console */
// Bundles the CLI into two CommonJS files that run on plain Node 20, 22 and 24:
// dist/index.cjs.js, the command line, and dist/commands.cjs.js, the commands, loaded when
// one runs. Our workspace packages (netseal-common) and every third-party module they use
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

function writeNotices(metafiles) {
  const packages = new Map();
  const inputs = metafiles.flatMap(metafile =>
    Object.values(metafile.outputs).flatMap(output =>
      Object.entries(output.inputs),
    ),
  );
  for (const [input, { bytesInOutput }] of inputs) {
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
          : `The package holds no licence file; its package.json names ${
              manifest.license ?? 'none'
            }.`,
      ].join('\n');
    });
  fs.writeFileSync(
    path.join(distDir, 'THIRD_PARTY_NOTICES.md'),
    [
      '# Third-party software bundled in dist/',
      '',
      ...sections.map(section => `${section}\n`),
    ].join('\n'),
  );
  return [...packages.keys()];
}

/**
 * The commands go to a file of their own (dist/commands.cjs.js), required when one runs:
 * `netseal --version` and `--help` then load commander and the help texts alone.
 */
const commandsApart = {
  name: 'netseal-commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands$/ }, args =>
      args.importer.endsWith(path.join('src', 'createProgram.ts'))
        ? { path: './commands.cjs.js', external: true }
        : undefined,
    );
  },
};

async function main() {
  fs.rmSync(distDir, { recursive: true, force: true });
  const common = {
    absWorkingDir: path.resolve(packageDir, '../..'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
  const entry = await esbuild.build({
    ...common,
    entryPoints: [path.join(packageDir, 'src/index.ts')],
    outfile: path.join(distDir, 'index.cjs.js'),
    plugins: [commandsApart],
    // `node dist/index.cjs.js verify …` runs the command too (the bench does).
    footer: {
      js: 'if (require.main === module) module.exports.main(process.argv.slice(2));',
    },
  });
  // Also the code of netseal's worker threads, which load this file to serve files.
  const commands = await esbuild.build({
    ...common,
    entryPoints: [path.join(packageDir, 'src/commands/index.ts')],
    outfile: path.join(distDir, 'commands.cjs.js'),
  });
  const bundled = writeNotices([entry.metafile, commands.metafile]);
  const size = file => fs.statSync(path.join(distDir, file)).size / 1024;
  console.log(
    `netseal: dist/index.cjs.js ${size('index.cjs.js').toFixed(
      0,
    )} KiB, dist/commands.cjs.js ${size('commands.cjs.js').toFixed(
      0,
    )} KiB, bundling ${bundled.join(', ')}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
