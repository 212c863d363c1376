// Where prepack.js keeps the package.json from Git while the packed one is in its place.
const fs = require('node:fs');
const path = require('node:path');

const manifestPath = path.resolve(__dirname, '../package.json');
const backupPath = `${manifestPath}-prepack`;

/** Puts the package.json from Git back, if prepack.js replaced it. */
function restoreManifest() {
  if (fs.existsSync(backupPath)) {
    fs.renameSync(backupPath, manifestPath);
  }
}

module.exports = { manifestPath, backupPath, restoreManifest };
