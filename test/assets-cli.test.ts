/**
 * `assetflow assets list` / `assets show` and `assetflow partitions` as a user runs them (a child
 * process), after real runs materialized into a temp storage root: they read its catalog (the
 * SQLite file beside the storage root) without a Temporal server.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { materialize } from '../client/runs';
import { fileCatalog } from '../storage/catalog/file-catalog';
import { catalogCliDefinitions } from './fixtures/catalog-cli-definitions';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

const repo = path.join(__dirname, '..');
const DEFS = path.join(__dirname, 'fixtures', 'catalog-cli-definitions.ts');
let env: TestEnv;
let storageRoot: string;
let runs: { workflowId: string; runId: string }[];

beforeAll(async () => {
  env = await connectTestEnv();
  storageRoot = tempStorage('assets-cli');
  const definitions = catalogCliDefinitions(storageRoot);
  runs = await withWorker(env, definitions, async () => [
    await materialize(env.client, definitions, { selection: ['customers', 'flaky'], taskQueue: env.taskQueue, runName: 'crm' }),
    await materialize(env.client, definitions, { selection: 'visits', partitionKey: 'north', taskQueue: env.taskQueue, runName: 'visits' }),
    await materialize(env.client, definitions, { selection: 'visits', partitionKey: 'south', taskQueue: env.taskQueue, runName: 'visits' }),
  ]);
}, 120_000);
afterAll(() => env?.close());

/** Runs the CLI with no Temporal server to reach (TEMPORAL_ADDRESS points nowhere). */
function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(repo, 'bin', 'assetflow.js'), ...args, '--defs', DEFS], {
    encoding: 'utf8',
    env: { ...process.env, ASSETFLOW_STORAGE: storageRoot, TEMPORAL_ADDRESS: '127.0.0.1:1', NO_COLOR: '1', ...extraEnv },
  });
  // cli-table3 colours its borders whatever NO_COLOR says: compare the text.
  return { status: result.status, stdout: stripVTControlCharacters(result.stdout), stderr: stripVTControlCharacters(result.stderr) };
}

const rowOf = (text: string, key: string) => text.split('\n').find((line) => line.includes(`│ ${key} `)) ?? '';

test('assets list: every asset with its group, partitions, last materialization and status', () => {
  const { status, stdout, stderr } = cli(['assets', 'list']);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  expect(rowOf(stdout, 'customers')).toMatch(/│ customers\s+│ crm\s+│\s+│ \d{4}-\d\d-\d\dT[\d:.]+Z \(3 rows\)\s+│ materialized\s+│/);
  expect(rowOf(stdout, 'flaky')).toMatch(/│ flaky\s+│ default\s+│\s+│\s+│ failed\s+│/);
  expect(rowOf(stdout, 'visits')).toMatch(/│ visits\s+│ default\s+│ static \('north', 'south', 'east', 'west'\)\s+│ .*Z\s+│ 2\/4: 2 materialized, 2 missing\s+│/);
  expect(rowOf(stdout, 'untouched')).toMatch(/│ untouched\s+│ default\s+│\s+│\s+│ never materialized\s+│/);
});

test('assets show: description, lineage, columns with types, preview, materializations with run links, failures', () => {
  const customers = cli(['assets', 'show', 'customers'], { TEMPORAL_UI_URL: 'http://temporal.example:8233' });
  expect(customers.stderr).toBe('');
  const out = customers.stdout;
  expect(out).toContain('Customers with their country.');
  expect(out).toContain('group: crm');
  expect(out).toContain('IO manager: io_manager');
  expect(out).toContain('downstream: flaky, untouched');
  expect(rowOf(out, 'customer_id')).toMatch(/│ customer_id\s+│ Float64\s+│/);
  expect(rowOf(out, 'country')).toMatch(/│ country\s+│ String\s+│/);
  // The preview: the first rows, one column each.
  expect(out).toMatch(/│ 2\s+│ DE\s+│/);
  expect(out).toContain(`http://temporal.example:8233/namespaces/default/workflows/${encodeURIComponent(runs[0].workflowId)}/${runs[0].runId}/history`);

  const flaky = cli(['assets', 'show', 'flaky']);
  expect(flaky.stdout).toContain('status: failed');
  expect(flaky.stdout).toContain('never materialized');
  expect(flaky.stdout).toMatch(/recent failures[\s\S]*│ crm\s+│\s+│ 1\s+│ the API answered 503/);
  // No UI URL known without starting a server: no links, and a hint.
  expect(flaky.stdout).not.toContain('http');

  const visits = cli(['assets', 'show', 'visits', '--limit', '1']);
  expect(visits.stdout).toContain("partitions: static ('north', 'south', 'east', 'west')");
  expect(visits.stdout).toMatch(/│ .*Z\s+│ visits\s+│ south\s+│/);
  expect(visits.stdout).not.toMatch(/│ north\s+│/);
});

test('an unknown asset key gets the did-you-mean error', () => {
  const { status, stderr } = cli(['assets', 'show', 'customer']);
  expect(status).toBe(1);
  expect(stderr).toMatch(/there is no asset 'customer'.*Did you mean 'customers'/);
});

test('partitions works for unpartitioned assets too, and names the state of each range', () => {
  expect(cli(['partitions', 'flaky']).stdout.trim()).toBe('flaky: not partitioned: ✗ failed');
  expect(cli(['partitions', 'untouched']).stdout.trim()).toBe('untouched: not partitioned: · never materialized');
  const visits = cli(['partitions', 'visits']).stdout;
  expect(visits).toContain("visits: static ('north', 'south', 'east', 'west'): 2 of 4 partitions materialized (2 materialized, 2 missing)");
  expect(visits).toMatch(/✓ north … south materialized \(2\)/);
  expect(visits).toMatch(/· east … west missing \(2\)/);
});

test('on a storage root with the old JSON-lines catalog, the commands read its records (imported once)', async () => {
  const oldRoot = tempStorage('assets-cli-old');
  await fileCatalog(oldRoot).record({ assetKey: 'visits', partitionKey: 'east', runId: 'old-run', location: 'x', rows: 4, metadata: { rows: 4 }, attempt: 1, materializedAt: '2026-10-01T00:00:00.000Z' });
  const { stdout } = cli(['partitions', 'visits'], { ASSETFLOW_STORAGE: oldRoot });
  expect(stdout).toContain('1 of 4 partitions materialized');
  expect(stdout).toMatch(/✓ east materialized \(1\)/);
  expect(rowOf(cli(['assets', 'list'], { ASSETFLOW_STORAGE: oldRoot }).stdout, 'visits')).toMatch(/2026-10-01T00:00:00.000Z \(4 rows\)\s+│ 1\/4: 1 materialized, 3 missing/);
});
