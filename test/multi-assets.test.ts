/**
 * Multi-assets on the real dev server, their steps in step threads: one step computes two
 * assets, each stored by its own IO manager (two files) and recorded on its own (two catalog
 * records), and a downstream reads one of them; a subsettable multi-asset computes only the
 * selected out; a compute returning an undeclared out and missing one fails at once, naming both.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { listAssets } from '../client/asset-catalog';
import { materialize } from '../client/runs';
import { startAssetUi } from '../ui/server';
import definitions, { refundStoreRoot, storageRoot } from './fixtures/multi-asset-definitions';
import { connectTestEnv, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(async () => {
  await definitions.dispose();
  await env?.close();
});

/** Every string and every byte field (payloads, decoded as UTF-8) of a value. */
function textOf(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'));
    else if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(value);
  return parts.join('\n');
}

test('a multi-asset: one step, two outs in two files through two IO managers, two catalog records; a downstream reads one', async () => {
  const { result, history } = await withWorker(env, definitions, async () => {
    // refunds+ selects refunds and its downstream; split_orders cannot subset, so sales comes too.
    const run = await materialize(env.client, definitions, { selection: ['raw_orders', 'refunds+'], taskQueue: env.taskQueue });
    return { result: run, history: await env.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory() };
  });
  expect(result.status).toBe('success');
  expect(result.steps.map((s) => [s.key, s.status])).toEqual([
    ['raw_orders', 'succeeded'],
    ['split_orders', 'succeeded'],
    ['refund_report', 'succeeded'],
  ]);
  const salesFile = path.join(storageRoot, 'sales.parquet');
  const refundsFile = path.join(refundStoreRoot, 'refunds.json');
  expect(result.steps[1].location).toBe(`sales=${salesFile}, refunds=${refundsFile}`);
  expect(JSON.parse(fs.readFileSync(refundsFile, 'utf8'))).toEqual({ count: 2, total: -3 });
  expect(fs.existsSync(salesFile)).toBe(true);
  // The downstream read refunds (typed: a type test in assets/multi-asset.types.test.ts).
  expect(JSON.parse(fs.readFileSync(path.join(storageRoot, 'refund_report.json'), 'utf8'))).toBe('2 refunds, 3 back');

  // Two records, one per out, each with its location, the step that made it and its code version.
  const sales = await definitions.catalog.latestMaterialization('sales');
  const refunds = await definitions.catalog.latestMaterialization('refunds');
  expect([sales?.location, sales?.rows, sales?.stepKey, sales?.runId, sales?.metadata.selected]).toEqual([salesFile, 3, 'split_orders', result.runId, 'sales,refunds']);
  expect([refunds?.location, refunds?.stepKey, refunds?.codeVersion, refunds?.runId]).toEqual([refundsFile, 'split_orders', 'r1', result.runId]);
  expect(sales!.eventId).not.toBe(refunds!.eventId);
  expect(await definitions.catalog.latestMaterialization('split_orders')).toBeUndefined(); // the step is not an asset

  // One activity in Temporal Web, its summary naming both outs.
  const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes);
  expect(scheduled).toHaveLength(3);
  expect(textOf(scheduled[1])).toContain('materialize split_orders (sales, refunds)');

  // Each out is an asset of its own in `assets list` (and so in the asset UI and staleness).
  const listed = new Map((await listAssets(definitions)).map((a) => [a.key, a]));
  expect(['sales', 'refunds', 'refund_report'].map((k) => listed.get(k)?.health.kind)).toEqual(['materialized', 'materialized', 'materialized']);
  expect(listed.get('max_amount')?.health.kind).toBe('never_materialized');
});

test('assetflow assets list/show: each out is an asset, and show names the multi-asset that computes it', () => {
  const cli = (args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'bin', 'assetflow.js'), ...args, '--defs', path.join(__dirname, 'fixtures', 'multi-asset-definitions.ts')], {
      encoding: 'utf8',
      env: { ...process.env, FIXTURE_MULTI_ASSET_STORAGE: storageRoot, TEMPORAL_ADDRESS: '127.0.0.1:1', NO_COLOR: '1' },
    });
    expect(result.stderr).toBe('');
    return stripVTControlCharacters(result.stdout);
  };
  const list = cli(['assets', 'list']);
  for (const key of ['sales', 'refunds', 'refund_report', 'max_amount', 'min_amount', 'left', 'right']) expect(list).toMatch(new RegExp(`│ ${key}\\s+│`));
  expect(list).not.toMatch(/│ split_orders\s+│/);
  const show = cli(['assets', 'show', 'refunds']);
  expect(show).toContain('computed by: multi-asset split_orders (outs: sales, refunds)');
  expect(show).toContain('IO manager: refund_store');
  expect(show).toContain('downstream: refund_report');
});

test('the asset UI: each out is a node of the graph, and its page names the multi-asset computing it', async () => {
  const ui = await startAssetUi({ definitions, client: env.client, namespace: 'default' });
  try {
    const graph = await (await fetch(`${ui.url}/`)).text();
    for (const key of ['sales', 'refunds', 'refund_report', 'max_amount', 'min_amount']) expect(graph).toContain(`href="/assets/${key}"`);
    expect(graph).not.toContain('href="/assets/split_orders"');
    const page = await (await fetch(`${ui.url}/assets/refunds`)).text();
    expect(page).toContain('Computed by');
    expect(page).toMatch(/multi-asset <code>split_orders<\/code>, outs: .*href="\/assets\/sales".*href="\/assets\/refunds"/s);
  } finally {
    await ui.close();
  }
});

test('a subsettable multi-asset computes and stores only the selected out', async () => {
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { selection: ['raw_orders', 'max_amount'], taskQueue: env.taskQueue }));
  expect(result.status).toBe('success');
  expect(result.steps.map((s) => s.key)).toEqual(['raw_orders', 'order_stats']);
  expect(JSON.parse(fs.readFileSync(path.join(storageRoot, 'max_amount.json'), 'utf8'))).toBe(7);
  expect(fs.existsSync(path.join(storageRoot, 'min_amount.json'))).toBe(false);
  const max = await definitions.catalog.latestMaterialization('max_amount');
  expect(max?.metadata.selected).toBe('max_amount'); // context.selectedOutputs
  expect(await definitions.catalog.latestMaterialization('min_amount')).toBeUndefined();
  // raw_orders was materialized again: both outs of split_orders are stale, each on its own, naming it.
  const listed = new Map((await listAssets(definitions)).map((a) => [a.key, a.health]));
  for (const key of ['sales', 'refunds']) expect(listed.get(key)).toMatchObject({ kind: 'stale', staleReasons: [{ kind: 'upstream', upstream: 'raw_orders' }] });
  expect(listed.get('max_amount')?.kind).toBe('materialized');
});

test('a compute returning an undeclared out and missing a declared one fails at once, naming them', async () => {
  const result = await withWorker(env, definitions, () => materialize(env.client, definitions, { selection: 'left', taskQueue: env.taskQueue }));
  expect(result.status).toBe('failure');
  const [step] = result.steps;
  expect([step.key, step.status]).toEqual(['bad_split', 'failed']);
  expect(step.error).toContain(
    "MultiAssetOutputError: multi-asset 'bad_split' missed 'right'; returned 'extra', which it does not declare (its outs: left, right): return exactly { left: ..., right: ... }",
  );
  expect(await definitions.catalog.latestMaterialization('left')).toBeUndefined();
  // The failure is recorded for each out of the step, once: not retried.
  for (const key of ['left', 'right']) {
    const failures = (await definitions.catalog.failures(key)).items;
    expect(failures.map((f) => [f.stepKey, f.runId, f.attempt])).toEqual([['bad_split', result.runId, 1]]);
  }
});
