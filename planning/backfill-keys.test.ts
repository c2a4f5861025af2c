import { asset } from '../assets/asset';
import { defineAssetJob } from '../assets/asset-job';
import { job } from '../assets/job';
import { op } from '../assets/op';
import { dailyPartitions } from '../assets/partitions';
import { backfillSelection, resolveBackfillKeys } from './backfill-keys';
import { Definitions } from './definitions';

const days = dailyPartitions({ start: '2026-01-01' });
const day = asset({ key: 'day', partitions: days, compute: () => 1 });
const lookup = asset({ key: 'lookup', compute: () => 2 });
const ping = op({ name: 'ping', compute: () => 'pong' });
const definitions = new Definitions({
  assets: [day, lookup],
  jobs: [defineAssetJob({ name: 'day_job', selection: 'day' }), defineAssetJob({ name: 'lookup_job', selection: 'lookup' }), job({ name: 'ping_job', build: () => void ping() })],
});
const now = new Date('2026-02-01T12:00:00Z');

test("an asset job's backfill covers its selection's partitions", () => {
  expect(backfillSelection(definitions, { job: 'day_job' })).toBe('day');
  expect(resolveBackfillKeys(definitions, { job: 'day_job', from: '2026-01-30', now })).toEqual(['2026-01-30', '2026-01-31']);
});

test('without a job, the selection (default *) is backfilled', () => {
  expect(backfillSelection(definitions, {})).toBe('*');
  expect(backfillSelection(definitions, { selection: 'day' })).toBe('day');
});

test('a job with no partitioned assets, an op job, an unknown job, or a job with a selection is refused, saying why', () => {
  expect(() => resolveBackfillKeys(definitions, { job: 'lookup_job', now })).toThrow("job 'lookup_job' has no partitioned assets (its selection \"lookup\" selects lookup)");
  expect(() => resolveBackfillKeys(definitions, { job: 'ping_job', now })).toThrow(/^job 'ping_job' has no partitioned assets: it is an op job/);
  expect(() => resolveBackfillKeys(definitions, { job: 'day_jb', now })).toThrow("there is no job 'day_jb'. Did you mean 'day_job'?");
  expect(() => resolveBackfillKeys(definitions, { job: 'day_job', selection: 'day', now })).toThrow("Give either a job ('day_job') or a selection to backfill, not both.");
});
