import pl, { type DataFrame } from 'nodejs-polars';
import { z } from 'zod';
import { asset } from './asset';
import { defineAssetJob } from './asset-job';
import { Definitions } from '../planning/definitions';
import { DefinitionError, RunConfigError, SelectionError } from '../errors/errors';
import { job } from './job';
import { input, op } from './op';
import { defineResource, resourceParam } from './resources';

const extract = op({
  name: 'extract',
  config: z.object({ apiUrl: z.string().url(), timeoutSeconds: z.number().default(30) }),
  compute: () => pl.DataFrame({ amount: [1, -1, 2] }),
});
const transform = op({ name: 'transform', ins: { df: input<DataFrame>() }, compute: ({ df }) => df.filter(pl.col('amount').gt(0)) });
const load = op({
  name: 'load',
  ins: { df: input<DataFrame>() },
  resources: { warehouse: resourceParam<{ rows: number }>() },
  compute: ({ df, context }) => {
    context.addOutputMetadata({ rows: df.height + context.resources.warehouse.rows });
  },
});
const etl = job({ name: 'etl', build: () => load({ df: transform({ df: extract() }) }) });
const warehouse = { rows: 0 };

describe('job() wires ops by calling them', () => {
  test('nodes in call order, inputs wired to upstream nodes', () => {
    expect(etl.nodes.map((n) => [n.name, n.inputs])).toEqual([
      ['extract', {}],
      ['transform', { df: 'extract' }],
      ['load', { df: 'transform' }],
    ]);
  });
  test('an input left unwired is named', () => {
    expect(() => job({ name: 'bad', build: () => transform({} as never) })).toThrow("job 'bad': op 'transform': input 'df' is not wired");
  });
  test('an input given a plain value instead of an op output is refused', () => {
    expect(() => job({ name: 'bad', build: () => transform({ df: pl.DataFrame({}) } as never) })).toThrow(/input 'df' must be the output of another op called in this job's build/);
  });
  test('an unknown input is named with the op inputs', () => {
    expect(() => job({ name: 'bad', build: () => transform({ df: extract(), other: extract() } as never) })).toThrow(/op 'transform' has no input 'other' \(its inputs: df\)/);
  });
  test('calling an op outside a job is an error that says where to call it', () => {
    expect(() => extract()).toThrow(/op 'extract' was called outside a job/);
  });
  test('a job that calls no op, an async build, a bad name', () => {
    expect(() => job({ name: 'empty', build: () => {} })).toThrow(/build called no ops/);
    expect(() => job({ name: 'async', build: (async () => extract()) as never })).toThrow(/build must be synchronous/);
    expect(() => job({ name: 'daily-etl', build: () => extract() })).toThrow(/a job name may contain letters, digits and '_' only/);
  });
  test('an op name must be an identifier; inputs must be declared with input()', () => {
    expect(() => op({ name: 'extract sales', compute: () => 1 })).toThrow(/an op name may contain letters, digits and '_' only/);
    expect(() => op({ name: 'x', ins: { df: 'DataFrame' } as never, compute: () => 1 })).toThrow(/input 'df' must be declared with input<T>\(\)/);
  });
});

describe('Definitions with jobs', () => {
  const defs = () => new Definitions({ jobs: [etl], resources: { warehouse } });
  test('duplicate job names', () => {
    expect(() => new Definitions({ jobs: [etl, job({ name: 'etl', build: () => extract() })], resources: { warehouse } })).toThrow(/job name 'etl' is used twice/);
  });
  test('two different ops under one name', () => {
    const otherExtract = op({ name: 'extract', compute: () => 1 });
    const other = job({ name: 'other', build: () => otherExtract() });
    expect(() => new Definitions({ jobs: [etl, other], resources: { warehouse } })).toThrow("op name 'extract' is used by two different ops (op 'extract' in job 'etl', op 'extract' in job 'other'): rename one");
  });
  test('an op named like an asset', () => {
    expect(() => new Definitions({ assets: [asset({ key: 'extract', compute: () => 1 })], jobs: [etl], resources: { warehouse } })).toThrow(/op 'extract' \(job 'etl'\) has the name of an asset/);
  });
  test('an unknown resource key names the op, with close matches', () => {
    expect(() => new Definitions({ jobs: [etl], resources: { warehous: warehouse } })).toThrow(
      "op 'load' uses resource 'warehouse', which is not in Definitions({ resources }). Did you mean 'warehous'? Known: warehous",
    );
    const a = asset({ key: 'a', resources: { db: resourceParam<unknown>() }, compute: () => 1 });
    expect(() => new Definitions({ assets: [a] })).toThrow(/asset 'a' uses resource 'db', which is not in Definitions/);
  });
  test('not a job', () => {
    expect(() => new Definitions({ jobs: [extract as never] })).toThrow(/jobs\[0\] is not a job built by job\(\) or defineAssetJob\(\)/);
  });
  test('an unknown job is an error with close matches', () => {
    expect(() => defs().plan({ job: 'etl_daily' })).toThrow(DefinitionError);
    expect(() => defs().plan({ job: 'elt' })).toThrow(/there is no job 'elt'\. Did you mean 'etl'\? Jobs: etl/);
  });

  test('plan({ job }) has op steps named by the job, with op outputs wired per run', () => {
    const plan = defs().plan({ job: 'etl', runConfig: { ops: { extract: { config: { apiUrl: 'http://api.example.com/sales' } } } } });
    expect(plan.runName).toBe('etl');
    expect(plan.job).toBe('etl');
    expect(plan.steps.map((s) => [s.key, s.kind, s.upstream])).toEqual([
      ['extract', 'op', []],
      ['transform', 'op', ['extract']],
      ['load', 'op', ['transform']],
    ]);
    expect(plan.steps[1].inputs).toEqual([{ name: 'df', from: 'extract', ioManagerKey: 'io_manager', fromAsset: false }]);
    // Validated config, defaults applied, is what the workflow receives.
    expect(plan.steps[0].config).toEqual({ apiUrl: 'http://api.example.com/sales', timeoutSeconds: 30 });
    // Resources never enter the plan.
    expect(JSON.stringify(plan)).not.toContain('warehouse');
  });

  test('bad run config for an op job: every problem with its path', () => {
    const plan = (runConfig: unknown) => () => defs().plan({ job: 'etl', runConfig });
    expect(plan(undefined)).toThrow(RunConfigError);
    expect(plan(undefined)).toThrow(/ops\.extract\.config\.apiUrl: Invalid input: expected string, received undefined/);
    expect(plan({ ops: { extract: { config: { apiUrl: 'http://x.example', timeoutSeconds: 'soon' } } } })).toThrow(
      /ops\.extract\.config\.timeoutSeconds: Invalid input: expected number, received string/,
    );
    expect(plan({ ops: { extract: { config: { apiUrl: 'http://x.example' } }, extrct: { config: {} } } })).toThrow(/ops\.extrct: there is no asset or op 'extrct'\. Did you mean 'extract'\?/);
    expect(plan({ ops: { extract: { config: { apiUrl: 'http://x.example' } }, transform: { config: { a: 1 } } } })).toThrow(/ops\.transform\.config: 'transform' takes no config/);
  });

  test('a job and a selection together are refused', () => {
    expect(() => defs().plan({ job: 'etl', selection: '*' })).toThrow(SelectionError);
  });

  test('a job default config is merged under the launch config', () => {
    const configured = job({ name: 'configured', config: { ops: { extract: { config: { apiUrl: 'http://default.example' } } } }, build: () => extract() });
    const d = new Definitions({ jobs: [configured] });
    expect(d.plan({ job: 'configured' }).steps[0].config).toEqual({ apiUrl: 'http://default.example', timeoutSeconds: 30 });
    expect(d.plan({ job: 'configured', runConfig: { ops: { extract: { config: { timeoutSeconds: 5 } } } } }).steps[0].config).toEqual({ apiUrl: 'http://default.example', timeoutSeconds: 5 });
  });
});

describe('asset jobs', () => {
  const raw = asset({ key: 'raw', group: 'sales', config: z.object({ apiUrl: z.string().url() }), compute: ({ config }) => config.apiUrl });
  const clean = asset({ key: 'clean', group: 'sales', ins: { raw }, compute: ({ raw }) => raw });
  const report = asset({ key: 'report', group: 'marketing', ins: { clean }, compute: ({ clean }) => clean });
  const salesJob = defineAssetJob({ name: 'sales_job', selection: 'group:sales', config: { ops: { raw: { config: { apiUrl: 'http://api.example.com' } } } } });

  test('plan({ job }) selects the job selection, names the run by the job and applies its config', () => {
    const plan = new Definitions({ assets: [raw, clean, report], jobs: [salesJob] }).plan({ job: 'sales_job' });
    expect(plan.steps.map((s) => s.key)).toEqual(['raw', 'clean']);
    expect(plan.runName).toBe('sales_job');
    expect(plan.job).toBe('sales_job');
    expect(plan.steps[0].config).toEqual({ apiUrl: 'http://api.example.com' });
  });
  test('an unknown group or key in an asset job selection fails when the Definitions are built', () => {
    const typo = defineAssetJob({ name: 'typo', selection: 'group:sale' });
    expect(() => new Definitions({ assets: [raw, clean, report], jobs: [typo] })).toThrow(/asset job 'typo' selects assets that are not in these Definitions: Selection 'group:sale': there is no group 'sale'\. Did you mean 'sales'\?/);
    const unknown = defineAssetJob({ name: 'unknown', selection: ['raw', 'reprot+'] });
    expect(() => new Definitions({ assets: [raw, clean, report], jobs: [unknown] })).toThrow(/there is no asset or op 'reprot'\. Did you mean 'report'\?/);
  });
  test('unions and upstream selections', () => {
    const j = defineAssetJob({ name: 'j', selection: '+clean, report' });
    const plan = new Definitions({ assets: [raw, clean, report], jobs: [j] }).plan({ job: 'j', runConfig: { ops: { raw: { config: { apiUrl: 'http://a.example' } } } } });
    expect(plan.steps.map((s) => s.key)).toEqual(['raw', 'clean', 'report']);
  });
  test('a bad asset job spec', () => {
    expect(() => defineAssetJob({ name: 'x', selection: 3 as never })).toThrow(/selection must be a selection string/);
  });
});

describe('resources', () => {
  test('a resource definition is built once, lazily, and torn down on dispose', async () => {
    let created = 0;
    let closed = 0;
    const counter = defineResource({ create: () => ({ id: ++created }), teardown: () => void closed++ });
    const a = asset({ key: 'a', resources: { counter: resourceParam<{ id: number }>() }, compute: ({ context }) => context.resources.counter.id });
    const d = new Definitions({ assets: [a], resources: { counter } });
    expect(created).toBe(0);
    const [first, second] = await Promise.all([d.resolveResources(a.resources, "asset 'a'"), d.resolveResources(a.resources, "asset 'a'")]);
    expect(first.counter).toBe(second.counter);
    expect(created).toBe(1);
    await d.dispose();
    expect(closed).toBe(1);
  });
});
