#!/usr/bin/env node
// The `assetflow` command. Installed from the package it runs the compiled dist/ (plain Node, no
// tsx; a TypeScript Definitions module is loaded through tsx when the command needs it). In the
// repo, where dist/ is not built, it runs the TypeScript sources with tsx.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, '..', 'client', 'cli', 'index.ts');
let cli;
if (fs.existsSync(source)) {
  require('tsx/cjs');
  cli = require(source);
} else {
  cli = require('../dist/client/cli/index.js');
}
cli.main(process.argv).catch((err) => {
  console.error(err && err.message ? err.message : err);
  process.exit(1);
});
