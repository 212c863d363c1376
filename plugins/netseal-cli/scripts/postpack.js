#!/usr/bin/env node
// `yarn pack` runs this last: puts back the package.json that prepack.js replaced.
require('./packManifest').restoreManifest();
