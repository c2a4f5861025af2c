/**
 * Multi-assets at definition and planning time: each out is an asset of the Definitions (graph,
 * selections, group, the asset UI's layout), one step in the plan; bad outs are refused naming
 * the names.
 */
import pl, { type DataFrame } from 'nodejs-polars';
import { z } from 'zod';
import { Definitions } from '../planning/definitions';
import { layoutGraph } from '../ui/graph-layout';
import { outputValues } from '../execution/multi-asset-outputs';
import { asset } from './asset';
import { multiAsset } from './multi-asset';
import { job } from './job';
import { op } from './op';
import { executeInProcess, materializeToMemory } from '../testkit/execute-in-process';
import { assetCheck } from './asset-check';

const raw = asset({ key: 'raw', compute: (): DataFrame => pl.DataFrame({ amount: [1, -1] }) });
const split = multiAsset({
  name: 'split',
  outs: { sales: {}, refunds: { ioManagerKey: 'json', group: 'finance' } },
  ins: { raw },
  group: 'orders',
  config: z.object({ min: z.number().default(0) }),
  compute: ({ raw }) => ({ sales: raw, refunds: raw.height }),
});
const stats = multiAsset({ name: 'stats', outs: { high: {}, low: {} }, deps: [raw], canSubset: true, compute: () => ({ high: 1, low: 0 }) });
const report = asset({ key: 'report', ins: { refunds: split.outs.refunds }, compute: ({ refunds }) => refunds });
const definitions = new Definitions({ assets: [raw, split, stats, report] });

test('each out is an asset of the Definitions, upstream of its readers; the multi-asset is not', () => {
  expect([...definitions.assets.keys()]).toEqual(['raw', 'sales', 'refunds', 'high', 'low', 'report']);
  expect(definitions.getAsset('refunds').multi).toEqual({ name: 'split', out: 'refunds' });
  expect(definitions.getAsset('refunds').group).toBe('finance');
  expect(definitions.getAsset('sales').group).toBe('orders');
  expect(definitions.upstreamOf('report')).toEqual(['refunds']);
  expect(definitions.select('refunds+')).toEqual(['refunds', 'report']);
  expect(definitions.select('group:orders')).toEqual(['sales']);
  // The asset UI's graph: every out a node, the edge from the out its downstream reads.
  const layout = layoutGraph(definitions, definitions.select('*'));
  expect(layout.nodes.map((n) => n.key).sort()).toEqual(['high', 'low', 'raw', 'refunds', 'report', 'sales']);
  expect(layout.edges.map((e) => [e.from, e.to])).toContainEqual(['refunds', 'report']);
  expect(() => definitions.getAsset('split')).toThrow(/there is no asset 'split'/);
});

test('one step in the plan for the outs, with its own config section; downstream waits for it', () => {
  const plan = definitions.plan({ selection: '*', runConfig: { ops: { split: { config: { min: 2 } } } } });
  expect(plan.steps.map((s) => [s.key, s.upstream, s.outputs?.map((o) => o.key)])).toEqual([
    ['raw', [], undefined],
    ['split', ['raw'], ['sales', 'refunds']],
    ['stats', ['raw'], ['high', 'low']],
    ['report', ['split'], undefined],
  ]);
  expect(plan.steps[1].config).toEqual({ min: 2 });
  expect(plan.steps[1].outputs).toEqual([
    { name: 'sales', key: 'sales', ioManagerKey: 'io_manager' },
    { name: 'refunds', key: 'refunds', ioManagerKey: 'json' },
  ]);
  expect(plan.steps[3].inputs).toEqual([{ name: 'refunds', from: 'refunds', ioManagerKey: 'json', fromAsset: true }]);
  expect(() => definitions.plan({ selection: 'sales', runConfig: { ops: { sales: { config: {} } } } })).toThrow(/ops\.sales.*'sales' is not part of this run \(it runs: split\)/s);
});

test('selecting one out: a subsettable multi-asset computes only it; another computes all its outs', () => {
  expect(definitions.plan({ selection: 'low' }).steps.map((s) => [s.key, s.outputs?.map((o) => o.key)])).toEqual([['stats', ['low']]]);
  expect(definitions.plan({ selection: 'refunds' }).steps.map((s) => [s.key, s.outputs?.map((o) => o.key)])).toEqual([['split', ['sales', 'refunds']]]);
});

test('bad outs are refused at definition time, naming the names', () => {
  expect(() => multiAsset({ name: 'm', outs: { a: { key: 'x' }, b: { key: 'x' } }, compute: () => ({ a: 1, b: 2 }) })).toThrow(
    "multi-asset 'm': outs 'a' and 'b' both have the asset key 'x': give each out its own key",
  );
  expect(() => multiAsset({ name: 'm', outs: {}, compute: () => ({}) })).toThrow(/outs must name at least one output/);
  expect(() => multiAsset({ name: 'm', outs: { m: {} }, compute: () => ({ m: 1 }) })).toThrow(/out 'm' has the multi-asset's own name as its key/);
  expect(() => multiAsset({ name: 'm', outs: { a: { key: 'bad key' } }, compute: () => ({ a: 1 }) })).toThrow(/multi-asset 'm': out 'a': asset 'bad key': key 'bad key' has part/);
  const clash = multiAsset({ name: 'clash', outs: { raw: {} }, compute: () => ({ raw: 1 }) });
  expect(() => new Definitions({ assets: [raw, clash] })).toThrow("asset key 'raw' is defined twice (asset 'raw' and out 'raw' of multi-asset 'clash'): each asset needs its own key");
  const named = multiAsset({ name: 'raw', outs: { other: {} }, compute: () => ({ other: 1 }) });
  expect(() => new Definitions({ assets: [raw, named] })).toThrow("multi-asset 'raw' has the name of asset 'raw': run config addresses both as ops.raw; rename one");
  expect(() => new Definitions({ assets: [split, split] })).toThrow(/multi-asset name 'split' is used twice/);
  const splitOp = op({ name: 'split', compute: () => 1 });
  expect(() => new Definitions({ assets: [raw, split], jobs: [job({ name: 'j', build: () => splitOp() })] })).toThrow(
    "op 'split' has the name of a multi-asset: run config addresses both as ops.split; rename one",
  );
});

test('what a compute returns is checked against the selected outs, naming what is wrong', () => {
  const outs = [{ name: 'a', key: 'a', ioManagerKey: 'io_manager' }];
  expect(outputValues('m', outs, ['a', 'b'], { a: 1 })).toEqual({ a: 1 });
  expect(() => outputValues('m', outs, ['a', 'b'], { a: 1, b: 2 })).toThrow("multi-asset 'm' returned 'b', which this run did not select (context.selectedOutputs: a): return exactly { a: ... }");
  expect(() => outputValues('m', outs, ['a'], 5)).toThrow("multi-asset 'm' returned number: return one value per out, by out name: { a: ... }");
  expect(() => outputValues('m', outs, ['a'], {})).toThrow("multi-asset 'm' missed 'a': return exactly { a: ... }");
});

test('materializeToMemory runs a multi-asset: each out has its own value, a downstream reads one', async () => {
  const result = await materializeToMemory([raw, split, report]);
  expect(result.success).toBe(true);
  expect(result.steps.map((s) => s.key)).toEqual(['raw', 'split', 'report']);
  expect(result.outputFor('refunds')).toBe(2);
  expect((result.outputFor('sales') as DataFrame).height).toBe(2);
  expect(result.outputFor('report')).toBe(2);
});

describe('checks on the outs of a multi-asset', () => {
  const refundsSmall = assetCheck({ asset: split.outs.refunds, name: 'small', blocking: true, compute: ({ value }) => ({ passed: value < 2 }) });
  const salesRows = assetCheck({ asset: split.outs.sales, name: 'rows', blocking: true, compute: ({ value }) => ({ passed: value.height > 0 }) });
  const checked = new Definitions({ assets: [raw, split, report], checks: [refundsSmall, salesRows] });

  test("run after the multi-asset's step, reading their out; downstream of an out waits for that out's blocking checks only", () => {
    const plan = checked.plan({ selection: '*' });
    expect(plan.steps.map((s) => [s.key, s.kind, s.upstream])).toEqual([
      ['raw', 'asset', []],
      ['split', 'asset', ['raw']],
      ['sales:rows', 'check', ['split']],
      ['refunds:small', 'check', ['split']],
      ['report', 'asset', ['split', 'refunds:small']],
    ]);
    expect(plan.steps[3]).toMatchObject({ check: { assetKey: 'refunds', name: 'small', blocking: true }, inputs: [{ name: 'value', from: 'refunds', ioManagerKey: 'json', fromAsset: true }] });
    // Checks alone of one out read its stored value: no step of the multi-asset.
    expect(checked.plan({ selection: 'refunds', checks: 'only' }).steps.map((s) => [s.key, s.upstream])).toEqual([['refunds:small', []]]);
  });

  test("a blocking check of an out that fails skips that out's downstream", async () => {
    const result = await executeInProcess(checked);
    expect(result.success).toBe(false);
    expect(result.steps.map((s) => [s.key, s.status])).toEqual([
      ['raw', 'succeeded'],
      ['split', 'succeeded'],
      ['sales:rows', 'succeeded'],
      ['refunds:small', 'failed'],
      ['report', 'skipped'],
    ]);
  });
});
