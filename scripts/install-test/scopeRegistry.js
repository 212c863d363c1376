#!/usr/bin/env node
/* eslint-disable no-console */
// The install test's stand-in for a package registry that holds Netseal's packages: it
// serves the packed tarballs of one scope over npm's registry protocol, on 127.0.0.1, so
// that a fresh app installs them with the very `yarn add` commands of docs/install.md
// (the app's .yarnrc.yml points the scope here, as a team with a private registry does;
// every other package comes from the app's default registry). Each version is published
// at the time its tarball was packed, so package managers' age gates see a fresh release.
//
//   node scripts/install-test/scopeRegistry.js --dir DIR --port-file FILE
//
// Writes the port it listens on to FILE once it listens; stops on SIGTERM.
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!['--dir', '--port-file'].includes(key) || value === undefined) {
      console.error(
        `unknown or incomplete option '${key}'; usage: scopeRegistry.js --dir DIR --port-file FILE`,
      );
      process.exit(2);
    }
    args[key.slice(2)] = value;
  }
  if (!args.dir || !args['port-file']) {
    console.error(
      'both --dir (the packed tarballs) and --port-file are required',
    );
    process.exit(2);
  }
  return args;
}

function readPackages(dir) {
  const packages = new Map();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
    const tarball = path.join(dir, file);
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
        encoding: 'utf8',
      }),
    );
    const data = fs.readFileSync(tarball);
    const published = fs.statSync(tarball).mtime.toISOString();
    const entry = packages.get(manifest.name) ?? { versions: {}, time: {} };
    entry.versions[manifest.version] = {
      manifest,
      file,
      integrity: `sha512-${crypto
        .createHash('sha512')
        .update(data)
        .digest('base64')}`,
      shasum: crypto.createHash('sha1').update(data).digest('hex'),
    };
    entry.time[manifest.version] = published;
    packages.set(manifest.name, entry);
  }
  return packages;
}

function packument(name, entry, baseUrl) {
  const versions = {};
  for (const [version, v] of Object.entries(entry.versions)) {
    versions[version] = {
      ...v.manifest,
      _id: `${name}@${version}`,
      dist: {
        tarball: `${baseUrl}/-/tarballs/${encodeURIComponent(v.file)}`,
        integrity: v.integrity,
        shasum: v.shasum,
      },
    };
  }
  const times = Object.values(entry.time).sort();
  const latest = Object.keys(versions).sort((a, b) =>
    entry.time[a] < entry.time[b] ? -1 : 1,
  );
  return {
    _id: name,
    name,
    'dist-tags': { latest: latest[latest.length - 1] },
    versions,
    time: {
      created: times[0],
      modified: times[times.length - 1],
      ...entry.time,
    },
  };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.resolve(args.dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    const packages = readPackages(dir);
    const send = (status, body, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, JSON.stringify({ error: 'this registry only serves reads' }));
      return;
    }
    if (pathname.startsWith('/-/tarballs/')) {
      const file = path.basename(pathname);
      const full = path.join(dir, file);
      if (!file.endsWith('.tgz') || !fs.existsSync(full)) {
        send(404, JSON.stringify({ error: `no tarball ${file}` }));
        return;
      }
      send(200, fs.readFileSync(full), 'application/octet-stream');
      return;
    }
    const name = pathname.slice(1);
    const entry = packages.get(name);
    if (!entry) {
      send(404, JSON.stringify({ error: `no package ${name} here` }));
      return;
    }
    const { port } = server.address();
    send(
      200,
      JSON.stringify(packument(name, entry, `http://127.0.0.1:${port}`)),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    fs.writeFileSync(args['port-file'], String(port));
    console.log(`serving ${dir} on http://127.0.0.1:${port}`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  process.on('SIGINT', () => server.close(() => process.exit(0)));
}

main();
