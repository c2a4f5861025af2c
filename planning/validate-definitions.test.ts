import { asset } from '../assets/asset';
import { defineAssetJob } from '../assets/asset-job';
import { schedule } from '../assets/schedule';
import { assetSensor, sensor } from '../assets/sensor';
import { DefinitionError } from '../errors/errors';
import { Definitions } from './definitions';
import { validateDefinitions } from './validate-definitions';

const raw = asset({ key: 'raw', group: 'sales', compute: () => 1 });
const clean = asset({ key: 'clean', group: 'sales', ins: { raw }, compute: ({ raw }) => raw + 1 });

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(DefinitionError);
    return (err as DefinitionError).problems;
  }
  throw new Error('expected a DefinitionError');
}

test('asset, schedule and sensor problems come in ONE DefinitionError', () => {
  const problems = problemsOf(
    () =>
      new Definitions({
        assets: [raw, clean, asset({ key: 'raw', compute: () => 2 })],
        schedules: [schedule({ name: 'daily', cron: '@daily', selection: 'claen+' })],
        sensors: [assetSensor({ name: 'on_raw', assetKeys: ['rwa'], selection: 'clean' })],
      }),
  );
  expect(problems).toEqual([
    "asset key 'raw' is defined twice: each asset needs its own key",
    "schedule 'daily' selects assets that are not in these Definitions: Selection 'claen+': there is no asset or op 'claen'. Did you mean 'clean'?",
    "asset sensor 'on_raw' watches 'rwa', which is not an asset in these Definitions. Did you mean 'raw'?",
  ]);
});

test('schedules, sensors and asset jobs are checked against the valid assets when other assets have problems', () => {
  const problems = problemsOf(() =>
    validateDefinitions({
      assets: [raw, clean, asset({ key: 'orphan', deps: ['missing'], compute: () => 1 }), 'not an asset' as never],
      jobs: [defineAssetJob({ name: 'sales_job', selection: 'group:sales' })],
      // The asset with a problem is still in the graph: selecting it is not a second problem.
      schedules: [schedule({ name: 'ok', cron: '@daily', job: 'sales_job' }), schedule({ name: 'orphans', cron: '@daily', selection: 'orphan+' })],
      sensors: [sensor({ name: 'watch', selection: 'cleen', evaluate: () => [] })],
    }),
  );
  expect(problems).toEqual([
    'assets[3] is not an asset built by asset() or multiAsset()',
    expect.stringMatching(/^asset 'orphan' depends on 'missing', which is not in these Definitions/),
    "sensor 'watch' selects assets that are not in these Definitions: Selection 'cleen': there is no asset or op 'cleen'. Did you mean 'clean'?",
  ]);
});

test('one target check: a schedule and a sensor running an unknown job get the same wording, naming the known jobs', () => {
  const problems = problemsOf(
    () =>
      new Definitions({
        assets: [raw, clean],
        jobs: [defineAssetJob({ name: 'sales_job', selection: 'group:sales' })],
        schedules: [schedule({ name: 'nightly', cron: '@daily', job: 'sale_job' })],
        sensors: [sensor({ name: 'new_files', job: 'sales_jbo', evaluate: () => [] })],
      }),
  );
  expect(problems).toEqual([
    "schedule 'nightly' runs job 'sale_job', which is not in these Definitions. Did you mean 'sales_job'? Jobs: sales_job",
    "sensor 'new_files' runs job 'sales_jbo', which is not in these Definitions. Did you mean 'sales_job'? Jobs: sales_job",
  ]);
});

test('one target check: without jobs the message says there are none; an asset job selection is checked the same way', () => {
  const problems = problemsOf(() =>
    validateDefinitions({
      assets: [raw],
      jobs: [defineAssetJob({ name: 'typo', selection: 'rwa' })],
      schedules: [schedule({ name: 'nightly', cron: '@daily', job: 'nightly_job' })],
    }),
  );
  expect(problems).toEqual([
    "asset job 'typo' selects assets that are not in these Definitions: Selection 'rwa': there is no asset or op 'rwa'. Did you mean 'raw'?",
    "schedule 'nightly' runs job 'nightly_job', which is not in these Definitions. Did you mean 'typo'? Jobs: typo",
  ]);
  expect(problemsOf(() => validateDefinitions({ schedules: [schedule({ name: 'nightly', cron: '@daily', job: 'etl' })] }))).toEqual([
    "schedule 'nightly' runs job 'etl', which is not in these Definitions. These Definitions have no jobs.",
  ]);
});

test('one IO manager and resource check for assets and ops', () => {
  const a = asset({ key: 'a', ioManagerKey: 'jsno', compute: () => 1 });
  const problems = problemsOf(() => validateDefinitions({ assets: [a], ioManagers: {} }));
  expect(problems).toEqual(["asset 'a' uses IO manager 'jsno', which is not defined. Did you mean 'json'? Known: io_manager, parquet, json"]);
});

test('lists that are not lists are named', () => {
  expect(problemsOf(() => validateDefinitions({ assets: raw as never, sensors: null as never }))).toEqual([
    'Definitions({ assets }) must be a list (an array), got object',
    'Definitions({ sensors }) must be a list (an array), got null',
  ]);
});

test('a valid spec gives the registry', () => {
  const daily = schedule({ name: 'daily', cron: '@daily', selection: 'group:sales' });
  const registry = validateDefinitions({ assets: [raw, clean], schedules: [daily] });
  expect([...registry.assets.keys()]).toEqual(['raw', 'clean']);
  expect(registry.graph.upstream.get('clean')).toEqual(['raw']);
  expect(registry.schedules.get('daily')).toBe(daily);
  expect(registry.sensors.size).toBe(0);
});
