import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { dailyPartitions, staticPartitions } from '../assets/partitions';
import { PartitionError } from '../errors/errors';
import { Definitions } from '../planning/definitions';
import { MAX_KEY_LIST_BYTES, prepareBackfill } from './backfills';

const now = new Date('2026-11-07T12:00:00Z');

function definitions(): Definitions {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-backfill-'));
  const day = asset({ key: 'day', partitions: dailyPartitions({ start: '2026-11-01' }), config: z.object({ factor: z.number().default(1) }), compute: () => 1 });
  const total = asset({ key: 'total', deps: ['day'], compute: () => 1 });
  return new Definitions({ assets: [day, total], storageRoot: root });
}

test('a range is prepared as a range, with every key, the assets and the Temporal Web summary', () => {
  const prepared = prepareBackfill(definitions(), { selection: 'day+', from: '2026-11-02', to: '2026-11-04', maxConcurrent: 2, backfillId: 'b1', taskQueue: 'q', now });
  expect(prepared).toEqual({
    input: { backfillId: 'b1', selection: 'day+', partitions: { from: '2026-11-02', to: '2026-11-04' }, maxConcurrent: 2 },
    name: 'day+',
    keys: ['2026-11-02', '2026-11-03', '2026-11-04'],
    assets: ['day', 'total'],
    summary: 'backfill day+: 3 partitions, 2026-11-02 to 2026-11-04, 2 at once',
    taskQueue: 'q',
  });
});

test('an explicit key list travels as keys; the default id names the selection', () => {
  const prepared = prepareBackfill(definitions(), { selection: 'day', partitionKeys: ['2026-11-05', '2026-11-01'], runConfig: { ops: { day: { config: { factor: 2 } } } }, now });
  expect(prepared.input.partitions).toEqual({ keys: prepared.keys });
  expect(prepared.keys).toHaveLength(2);
  expect(prepared.input.runConfig).toEqual({ ops: { day: { config: { factor: 2 } } } });
  expect(prepared.input.backfillId).toMatch(/^day-/);
});

test('bad input throws while preparing, before anything would start', () => {
  const defs = definitions();
  expect(() => prepareBackfill(defs, { selection: 'dya', now })).toThrow(/there is no asset or op 'dya'/);
  expect(() => prepareBackfill(defs, { selection: 'day', from: '2026-10-01', now })).toThrow(PartitionError);
  expect(() => prepareBackfill(defs, { selection: 'day', runConfig: { ops: { day: { config: { factor: 'x' } } } }, now })).toThrow(/ops\.day\.config\.factor/);
  expect(() => prepareBackfill(defs, { selection: 'day', maxConcurrent: 0, now })).toThrow(/maxConcurrent must be a whole number >= 1/);
  expect(() => prepareBackfill(defs, { selection: 'day', partitionsPerExecution: 1.5, now })).toThrow(/partitionsPerExecution/);
});

test('a key list over the workflow input limit is refused, pointing at a range', () => {
  const keys = Array.from({ length: 3000 }, (_, i) => `region-${String(i).padStart(50, '0')}`);
  expect(Buffer.byteLength(JSON.stringify(keys))).toBeGreaterThan(MAX_KEY_LIST_BYTES);
  const region = asset({ key: 'region', partitions: staticPartitions(keys), compute: () => 1 });
  const defs = new Definitions({ assets: [region], storageRoot: fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-backfill-')) });
  expect(() => prepareBackfill(defs, { selection: 'region', partitionKeys: keys, now })).toThrow(/over the 131072-byte limit of a workflow input: pass a range \(from\/to\) instead/);
  expect(prepareBackfill(defs, { selection: 'region', now }).input.partitions).toEqual({ from: keys[0], to: keys[2999] });
});
