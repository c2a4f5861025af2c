/**
 * Twenty runs of the same selection at once on one worker, all writing the same asset files
 * under one storage root: every read sees a complete file (each downstream compute checks
 * its input), every run succeeds, and the files left are complete and correct.
 */
import path from 'node:path';
import pl from 'nodejs-polars';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { startRun } from '../client/runs';
import { tempFilesUnder } from './support/storage-files';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const RUNS = 20;
const ROWS = 50_000;

function sourceFrame(): pl.DataFrame {
  const id = Array.from({ length: ROWS }, (_, i) => i);
  return pl.DataFrame({ id, bucket: id.map((i) => i % 13), value: id.map((i) => (i * 31) % 977) });
}
const totals = (frame: pl.DataFrame) => frame.groupBy('bucket').agg(pl.col('value').sum().alias('total')).sort('bucket');

test(`${RUNS} concurrent runs of the same assets on one worker all succeed with uncorrupted outputs`, async () => {
  const expectedSource = sourceFrame();
  const expectedTotals = totals(expectedSource);
  const expectedSum = Number(expectedSource.getColumn('value').sum());

  const source = asset({ key: 'source', compute: () => sourceFrame() });
  const bucketTotals = asset({
    key: 'bucket_totals',
    ins: { source },
    compute: ({ source }) => {
      // Another run may be replacing source.parquet right now: what was read must be whole.
      if (source.height !== ROWS || Number(source.getColumn('value').sum()) !== expectedSum) {
        throw new Error(`read a corrupt source: ${source.height} rows`);
      }
      return totals(source);
    },
  });
  const storageRoot = tempStorage('concurrent');
  const definitions = new Definitions({ assets: [source, bucketTotals], storageRoot });

  const results = await withWorker(env, definitions, async () => {
    const runs = await Promise.all(Array.from({ length: RUNS }, () => startRun(env.client, definitions, { taskQueue: env.taskQueue, selection: '*' })));
    return Promise.all(runs.map((run) => run.result()));
  });

  expect(results.map((r) => r.status)).toEqual(Array(RUNS).fill('success'));
  expect(new Set(results.map((r) => r.runId)).size).toBe(RUNS);
  for (const result of results) expect(result.steps.map((s) => [s.key, s.status, s.rows])).toEqual([['source', 'succeeded', ROWS], ['bucket_totals', 'succeeded', 13]]);
  expect(pl.readParquet(path.join(storageRoot, 'source.parquet')).frameEqual(expectedSource)).toBe(true);
  expect(pl.readParquet(path.join(storageRoot, 'bucket_totals.parquet')).frameEqual(expectedTotals)).toBe(true);
  expect(tempFilesUnder(storageRoot)).toEqual([]);
  expect(await definitions.catalog.history('source')).toHaveLength(RUNS);
  expect(await definitions.catalog.history('bucket_totals')).toHaveLength(RUNS);
});
