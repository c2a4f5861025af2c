/**
 * assetflow as a user gets it: `npm pack` (which builds dist/ through prepack), the tarball
 * installed into a fresh project outside the repo, a strict TypeScript project type-checked
 * against the installed .d.ts, its pipeline materialized on the suite's dev server with the
 * installed `assetflow` bin, its tests run with assetflow/testing; then `assetflow init`
 * scaffolds a project that installs (as a workspace of the first, so npm resolves its
 * package.json without a second full install) and passes its own `npm test`, and whose
 * `npm run dev` starts a dev server from the installed package's Temporal binaries.
 *
 * Slow (an npm install of the packed package: about a minute from a warm npm cache), so
 * ASSETFLOW_SKIP_SLOW_TESTS=1 skips it. better-sqlite3 is handed to npm as a local prebuild
 * made from the repo's own build (prebuild-install's local-prebuilds), so the install does not
 * compile SQLite again; every other package comes from the registry through the npm cache.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pl from 'nodejs-polars';
import { freePort } from '../temporal/dev-server';

const ROOT = path.join(__dirname, '..');
const repoPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const slowDescribe = process.env.ASSETFLOW_SKIP_SLOW_TESTS === '1' ? describe.skip : describe;

interface Ran {
  code: number | null;
  stdout: string;
  /** stdout and stderr as they came. */
  output: string;
}

/** Runs a command to its end (at most `timeoutMs`), stdout and stderr together. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, output });
    });
  });
}

/** Like {@link run}, failing with the command's output when it does not exit 0. */
async function ok(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Ran> {
  const ran = await run(command, args, options);
  if (ran.code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited ${ran.code}:\n${ran.output}`);
  return ran;
}

/**
 * The environment of a user's shell: none of the suite's own settings (npm's lifecycle variables,
 * the repo's node_modules/.bin on PATH, ASSETFLOW_* and TEMPORAL_*), so nothing resolves to the repo.
 */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_nodedir', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(ASSETFLOW_|TEMPORAL_|JEST_)|^NODE_OPTIONS$|^INIT_CWD$/.test(key) || (/^npm_/i.test(key) && !keep.has(key))) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => !path.resolve(dir).startsWith(ROOT)).join(path.delimiter);
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** A copy of the package's sources to pack, so prepack's build never writes into the repo while other tests read it. */
function copyForPacking(to: string): void {
  const skip = new Set(['node_modules', '.tools', '.assetflow', 'dist', '.git', '.venv', '.data']);
  fs.cpSync(ROOT, to, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules'));
}

/**
 * Hands npm the repo's better-sqlite3 build as a local prebuild for every install under `dir`:
 * the tarball in prebuild-install's file name, and a `.prebuild-installrc` (which prebuild-install
 * finds by walking up from the package it installs) naming its folder. Does nothing when the repo
 * has no build of the pinned version for this Node (npm then builds or downloads it, as for a user).
 */
async function useLocalSqlitePrebuild(dir: string): Promise<void> {
  const sqliteDir = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const version = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version as string;
  if (version !== repoPackage.dependencies['better-sqlite3'] || !fs.existsSync(path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node'))) return;
  const loads = await run(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: ROOT, env: process.env });
  if (loads.code !== 0) return; // built for another Node
  const report = process.report.getReport() as { header: { glibcVersionRuntime?: string } };
  const libc = process.platform === 'linux' && !report.header.glibcVersionRuntime ? 'musl' : '';
  const prebuilds = path.join(dir, 'prebuilds');
  fs.mkdirSync(prebuilds, { recursive: true });
  const file = path.join(prebuilds, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}${libc}-${process.arch}.tar.gz`);
  await ok('tar', ['-czf', file, '-C', sqliteDir, 'build/Release/better_sqlite3.node'], { cwd: ROOT, env: process.env });
  fs.writeFileSync(path.join(dir, '.prebuild-installrc'), `local-prebuilds=${prebuilds}\n`);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The strict user project: its own package.json, tsconfig, Definitions with two assets, a test. */
function writeUserProject(dir: string, tarball: string): void {
  const files: Record<string, string> = {
    'package.json': json({
      name: 'strict-user-project',
      version: '1.0.0',
      private: true,
      workspaces: ['scaffolded'],
      assetflow: { definitions: 'src/definitions.ts' },
      dependencies: { assetflow: `file:${tarball}`, 'nodejs-polars': repoPackage.dependencies['nodejs-polars'], zod: repoPackage.dependencies.zod },
      devDependencies: { '@types/node': repoPackage.devDependencies['@types/node'], tsx: repoPackage.dependencies.tsx, typescript: repoPackage.devDependencies.typescript },
    }),
    'tsconfig.json': json({
      compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'nodenext', moduleResolution: 'nodenext', strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, noEmit: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] },
      include: ['src', 'test'],
    }),
    'src/assets.ts': `import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset, type OutputOf } from 'assetflow';
import type { PostgresIOManagerOptions } from 'assetflow/postgres';

/** True when T is \`any\`: what a type behind an unresolved declaration silently becomes. */
type IsAny<T> = 0 extends 1 & T ? true : false;

export const orders = asset({
  key: 'orders',
  config: z.object({ count: z.number().int().positive().default(5) }),
  compute: ({ config }) => {
    const configTyped: IsAny<typeof config> = false;
    void configTyped;
    const count: number = config.count;
    return pl.DataFrame({ order_id: Array.from({ length: count }, (_, i) => i + 1), amount: Array.from({ length: count }, (_, i) => (i + 1) * 2.5) });
  },
});

export const bigOrders = asset({
  key: 'big_orders',
  ins: { orders },
  compute: ({ orders, context }) => {
    context.log.info({ rows: orders.height }, 'filtering orders');
    return orders.filter(pl.col('amount').gt(5));
  },
});

// The installed .d.ts carry real types, polars' and zod's included.
export const outputTyped: IsAny<OutputOf<typeof bigOrders>> = false;
export const optionsTyped: IsAny<PostgresIOManagerOptions> = false;
export function neverCalled(): void {
  // @ts-expect-error an asset's key is a string (with \`any\` types, tsc would fail on this unused directive)
  asset({ key: 42, compute: () => 1 });
}
`,
    'src/definitions.ts': `import { Definitions } from 'assetflow';
import { bigOrders, orders } from './assets';

export default new Definitions({ assets: [orders, bigOrders] });
`,
    'test/assets.test.ts': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pl from 'nodejs-polars';
import { Definitions } from 'assetflow';
import { postgresIOManager } from 'assetflow/postgres';
import { materializeToMemory } from 'assetflow/testing';
import { bigOrders, orders } from '../src/assets';
import definitions from '../src/definitions';

test('orders and big_orders materialize to memory with run config', async () => {
  const result = await materializeToMemory([orders, bigOrders], { runConfig: { ops: { orders: { config: { count: 4 } } } } });
  assert.equal(result.success, true);
  assert.deepEqual((result.outputFor('big_orders') as pl.DataFrame).getColumn('order_id').toArray(), [3, 4]);
});

test('the Definitions module and every subpath load from the installed package', () => {
  assert.ok(definitions instanceof Definitions);
  assert.deepEqual([...definitions.assets.keys()].sort(), ['big_orders', 'orders']);
  assert.equal(typeof postgresIOManager, 'function');
});
`,
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

slowDescribe('the packed package, installed into a project of its own', () => {
  let work: string;
  let project: string;
  let tarball: string;
  let packedFiles: string[];
  let installOutput: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-package-'));
    const source = path.join(work, 'source');
    copyForPacking(source);
    // prepack's tsc comes from the repo's node_modules (linked into the copy), as when the maintainer packs.
    const { stdout } = await ok('npm', ['pack', '--json', '--pack-destination', work], { cwd: source });
    const packed = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(work, packed[0].filename);
    packedFiles = packed[0].files.map((f) => f.path);
    fs.rmSync(source, { recursive: true, force: true });

    project = path.join(work, 'strict-user-project');
    writeUserProject(project, tarball);
    await useLocalSqlitePrebuild(work);
    installOutput = (await ok('npm', ['install', '--no-package-lock', '--prefer-offline'], { cwd: project, timeoutMs: 600_000 })).output;
  }, 600_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds compiled JS and .d.ts, the bin and the setup script: no TypeScript sources, tests or examples', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'bin/assetflow.js', 'scripts/setup.js', 'dist/index.js', 'dist/index.d.ts', 'dist/testing.js', 'dist/testing.d.ts', 'dist/postgres.js', 'dist/postgres.d.ts', 'dist/workflows/index.js', 'dist/client/cli/index.js']));
    expect(packedFiles.filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /\.test\.|^test\/|^examples\/|^bench\//.test(f))).toEqual([]);
    // A package.json compiled into dist/ would be taken for the package root (temporal/package-root.ts).
    expect(packedFiles.filter((f) => f.startsWith('dist/') && f.endsWith('package.json'))).toEqual([]);
  });

  test('npm installs it with no engine warning, and the postinstall put the Temporal binaries and a loading polars in place', async () => {
    expect(installOutput).not.toMatch(/EBADENGINE|EBADPLATFORM|npm warn Unknown/);
    // On Node 20 npm leaves polars' platform package out (it declares node >= 22) and setup.js fetched the binary.
    await ok(process.execPath, ['-e', "if (require('nodejs-polars').DataFrame({ a: [1, 2] }).height !== 2) process.exit(1)"], { cwd: project });
    const tools = path.join(project, 'node_modules', 'assetflow', '.tools', 'temporal', 'bin');
    expect(fs.existsSync(path.join(tools, 'temporal'))).toBe(true);
    expect(fs.existsSync(path.join(tools, 'temporal-test-server'))).toBe(true);
  });

  test('a strict project type-checks against the installed .d.ts (nodenext, and node10 through typesVersions)', async () => {
    await ok('npx', ['tsc', '-p', '.'], { cwd: project });
    await ok('npx', ['tsc', '-p', '.', '--module', 'commonjs', '--moduleResolution', 'node10'], { cwd: project });
  }, 120_000);

  test('its pipeline materializes on the dev server through the installed bin, bundling the compiled workflows', async () => {
    const address = process.env.ASSETFLOW_TEST_ADDRESS;
    if (!address) throw new Error('ASSETFLOW_TEST_ADDRESS is not set: run the tests through jest.');
    const env = userEnv({ TEMPORAL_ADDRESS: address, ASSETFLOW_TASK_QUEUE: `package-test-${path.basename(work)}` });
    const { output } = await ok('npx', ['assetflow', 'materialize', '--select', '*'], { cwd: project, env, timeoutMs: 180_000 });
    expect(output).toMatch(/big_orders/);
    const stored = pl.readParquet(path.join(project, '.assetflow', 'storage', 'big_orders.parquet'));
    expect(stored.getColumn('order_id').toArray()).toEqual([3, 4, 5]);
    expect(fs.readdirSync(path.join(project, '.assetflow', 'cache')).some((f) => /^workflow-bundle-.*\.js$/.test(f))).toBe(true);
  }, 240_000);

  test('its tests pass with assetflow/testing', async () => {
    await ok('npx', ['tsx', '--test', 'test/assets.test.ts'], { cwd: project, timeoutMs: 120_000 });
  }, 150_000);

  test('assetflow init refuses a folder that is not empty', async () => {
    const taken = path.join(work, 'taken');
    fs.mkdirSync(taken);
    fs.writeFileSync(path.join(taken, 'notes.txt'), 'mine');
    const { code, output } = await run('npx', ['assetflow', 'init', taken], { cwd: project });
    expect(code).toBe(1);
    expect(output).toContain(`${taken} is not empty (it has notes.txt)`);
    expect(fs.readdirSync(taken)).toEqual(['notes.txt']);
  }, 60_000);

  test('assetflow init scaffolds a project whose own npm test passes and whose npm run dev starts a dev server', async () => {
    const scaffolded = path.join(project, 'scaffolded');
    await ok('npx', ['assetflow', 'init', 'scaffolded', '--assetflow', `file:${tarball}`], { cwd: project });
    const pkg = JSON.parse(fs.readFileSync(path.join(scaffolded, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'scaffolded',
      scripts: { dev: 'assetflow dev', test: expect.stringContaining('tsc --noEmit') },
      assetflow: { definitions: 'src/definitions.ts' },
      dependencies: { assetflow: `file:${tarball}`, 'nodejs-polars': repoPackage.dependencies['nodejs-polars'], zod: repoPackage.dependencies.zod },
    });
    expect(JSON.parse(fs.readFileSync(path.join(scaffolded, 'tsconfig.json'), 'utf8')).compilerOptions.strict).toBe(true);

    // As its README says: npm install, then npm test (npm resolves it as a workspace of the project above).
    await ok('npm', ['install', '--no-package-lock', '--prefer-offline'], { cwd: scaffolded, timeoutMs: 300_000 });
    const tested = await ok('npm', ['test'], { cwd: scaffolded, timeoutMs: 180_000 });
    expect(tested.output).toMatch(/\bpass 2\b/); // node:test's summary (TAP on Node 20, spec on 22)

    const port = await freePort();
    const dev = spawn('npm', ['run', 'dev'], { cwd: scaffolded, env: userEnv({ ASSETFLOW_DEV_PORT: String(port), ASSETFLOW_UI_PORT: String(await freePort()) }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<void>((resolve) => dev.on('close', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        const seen = (d: Buffer) => {
          output += d.toString();
          if (/worker/i.test(output) && output.includes(`:${port}`)) resolve();
        };
        dev.stdout.on('data', seen);
        dev.stderr.on('data', seen);
        dev.on('close', (code) => reject(new Error(`npm run dev exited ${code} before its worker polled:\n${output}`)));
      });
      expect(output).toContain(`127.0.0.1:${port}`);
    } finally {
      process.kill(-dev.pid!, 'SIGINT');
      const killer = setTimeout(() => process.kill(-dev.pid!, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
  }, 420_000);
});
