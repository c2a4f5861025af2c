#!/usr/bin/env node
// The `assetflow` command. Runs the TypeScript sources (and the user's Definitions module) with tsx: no build step.
'use strict';
require('tsx/cjs');
require('../client/cli/index.ts')
  .main(process.argv)
  .catch((err) => {
    console.error(err && err.message ? err.message : err);
    process.exit(1);
  });
