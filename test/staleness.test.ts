/**
 * Staleness on the real dev server: after an upstream is materialized again its downstream is
 * stale, naming the upstream and when; after a code version change (a second Definitions of the
 * same pipeline, as a new deploy) the changed asset is stale, naming both versions; `stale()`
 * selects exactly the stale assets (the plan holds their keys), and materializing them makes
 * them fresh. `assetflow assets list` prints the reasons and `assetflow materialize --select
 * 'stale()'` materializes them, as a user runs them.
 */
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { listAssets, staleText, type AssetSummary } from '../client/asset-catalog';
import { planWithCatalog, resolveCatalogSelection } from '../client/catalog-selection';
import { materialize, startRun } from '../client/runs';
import type { Definitions } from '../planning/definitions';
import { cliEnv, runCli, shareWorkflowBundle } from './support/cli-process';
import { stalenessDefinitions } from './fixtures/staleness-definitions';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

const ROOT = path.join(__dirname, '..');
const slowTest = process.env.ASSETFLOW_SKIP_SLOW_TESTS === '1' ? test.skip : test;
let env: TestEnv;
let storageRoot: string;
let v1: Definitions;
let v2: Definitions;

beforeAll(async () => {
  env = await connectTestEnv();
  storageRoot = tempStorage('staleness');
  v1 = stalenessDefinitions('v1', storageRoot);
  v2 = stalenessDefinitions('v2', storageRoot);
});
afterAll(async () => {
  await v1?.dispose();
  await v2?.dispose();
  await env?.close();
});

const healthOf = async (definitions: Definitions) => {
  const byKey = new Map<string, AssetSummary>((await listAssets(definitions)).map((a) => [a.key, a]));
  return (key: string) => ({ kind: byKey.get(key)!.health.kind, text: staleText(byKey.get(key)!.health) });
};
const stale = async (definitions: Definitions, selection = 'stale()') => (await resolveCatalogSelection(definitions, selection)).selection;

test('staleness flips after an upstream materialization; stale() selects exactly the stale assets, and materializing them clears it', async () => {
  await withWorker(env, v1, async () => {
    expect((await materialize(env.client, v1, { selection: '*', taskQueue: env.taskQueue })).status).toBe('success');
    let health = await healthOf(v1);
    expect(['raw_sales', 'cleaned_sales', 'report'].map((k) => health(k).kind)).toEqual(['materialized', 'materialized', 'materialized']);
    expect(await stale(v1)).toEqual([]);
    await expect(planWithCatalog(v1, { selection: 'stale()' })).rejects.toThrow(/Selection 'stale\(\)' selects no asset now: no asset is stale/);

    // raw_sales again: cleaned_sales (which reads it) is stale, saying which upstream and when; report is not (cleaned_sales did not change).
    expect((await materialize(env.client, v1, { selection: 'raw_sales', taskQueue: env.taskQueue })).status).toBe('success');
    const rawAt = (await v1.catalog.latestMaterialization('raw_sales'))!.materializedAt;
    health = await healthOf(v1);
    expect(health('cleaned_sales')).toEqual({ kind: 'stale', text: `stale: upstream raw_sales materialized ${rawAt.slice(0, 10)} ${rawAt.slice(11, 16)} after this` });
    expect(health('report').kind).toBe('materialized');
    expect(health('raw_sales').kind).toBe('materialized');
    expect(await stale(v1)).toEqual(['cleaned_sales']);
    expect(await stale(v1, 'stale()+')).toEqual(['cleaned_sales', 'report']);

    // stale() as the run's selection: the plan holds the key it resolved to, the run is named by the selection.
    const run = await startRun(env.client, v1, { selection: 'stale()', taskQueue: env.taskQueue });
    expect(run.plan.steps.map((s) => s.key)).toEqual(['cleaned_sales']);
    expect(run.plan.runName).toBe('stale()');
    expect((await run.result()).status).toBe('success');
    health = await healthOf(v1);
    expect(health('cleaned_sales').kind).toBe('materialized');
    // Its downstream is stale now, in turn.
    expect(health('report').text).toMatch(/^stale: upstream cleaned_sales materialized \d{4}-\d\d-\d\d \d\d:\d\d after this$/);
    expect(await stale(v1)).toEqual(['report']);
    expect((await materialize(env.client, v1, { selection: 'stale()', taskQueue: env.taskQueue })).steps.map((s) => s.key)).toEqual(['report']);
    expect(await stale(v1)).toEqual([]);
  });
});

slowTest('staleness flips after a code version change: the new Definitions see it stale with both versions; assetflow materialize --select stale() clears it', async () => {
  // Everything fresh under v1.
  await withWorker(env, v1, () => materialize(env.client, v1, { selection: '*', taskQueue: env.taskQueue }));
  expect(await stale(v1)).toEqual([]);
  expect((await v1.catalog.latestMaterialization('cleaned_sales'))?.codeVersion).toBe('v1');

  // The deploy of v2: the same catalog, cleaned_sales' code version changed.
  const health = await healthOf(v2);
  expect(health('cleaned_sales')).toEqual({ kind: 'stale', text: 'stale: code version changed v1 → v2' });
  expect(health('report').kind).toBe('materialized');
  expect(await stale(v2)).toEqual(['cleaned_sales']);

  // As a user runs them: the list says why, materialize --select 'stale()' runs exactly it.
  shareWorkflowBundle(ROOT);
  const userEnv = cliEnv({ TEMPORAL_ADDRESS: env.target.address, ASSETFLOW_TASK_QUEUE: `staleness-${path.basename(storageRoot)}`, ASSETFLOW_STORAGE: storageRoot, NO_COLOR: '1' });
  const defsV2 = ['--defs', path.join(__dirname, 'fixtures', 'staleness-definitions-v2.ts')];
  const list = await runCli(['assets', 'list', ...defsV2], { cwd: ROOT, env: userEnv });
  expect(list.stderr).toBe('');
  const row = stripVTControlCharacters(list.stdout).split('\n').find((l) => l.includes('│ cleaned_sales '));
  expect(row).toMatch(/materialized · stale: code version changed v1 → v2/);
  const show = stripVTControlCharacters((await runCli(['assets', 'show', 'cleaned_sales', ...defsV2], { cwd: ROOT, env: userEnv })).stdout);
  expect(show).toContain('code version: v2');
  expect(show).toMatch(/│ v1\s+│/); // the recorded version, in the materializations table

  const run = await runCli(['materialize', '--select', 'stale()', ...defsV2], { cwd: ROOT, env: userEnv });
  expect(run.stderr).not.toMatch(/Error/);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/Run assetflow\/run\/stale\(\)\//);
  expect(run.stdout).toMatch(/│ cleaned_sales\s+│ ✓ succeeded/);
  expect(run.stdout).not.toMatch(/│ (raw_sales|report)\s+│/);

  expect((await v2.catalog.latestMaterialization('cleaned_sales'))?.codeVersion).toBe('v2');
  const after = await healthOf(v2);
  expect(after('cleaned_sales').kind).toBe('materialized');
  expect(after('report').text).toMatch(/^stale: upstream cleaned_sales materialized/);
  // Nothing stale left after the downstream: the CLI says so and exits 0.
  await withWorker(env, v2, () => materialize(env.client, v2, { selection: 'stale()', taskQueue: env.taskQueue }));
  const nothing = await runCli(['materialize', '--select', 'stale()', ...defsV2], { cwd: ROOT, env: userEnv });
  expect(nothing.status).toBe(0);
  expect(nothing.stdout).toContain("Selection 'stale()' selects no asset now: no asset is stale");
});
