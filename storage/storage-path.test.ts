/**
 * Storage paths of the file IO managers, and the collisions refused when the Definitions are
 * built: asset `ev` partition `emea` and asset `ev/emea` map to one file (each overwrote the other
 * and downstream read the wrong data in the adversarial run).
 */
import path from 'node:path';
import { asset } from '../assets/asset';
import { dailyPartitions, hourlyPartitions, staticPartitions } from '../assets/partitions';
import { DefinitionError } from '../errors/errors';
import { Definitions } from '../planning/definitions';
import { jsonIOManager } from './json-io-manager';
import { fileStorageProblems, outputPath } from './storage-path';

const root = '/data/lake';
const regions = staticPartitions(['emea', 'amer']);

test('paths are as they were: outputs stored before are found', () => {
  expect(outputPath(root, { stepKey: 'sales/raw', assetKey: 'sales/raw', runId: 'r' }, 'parquet')).toBe(path.join(root, 'sales', 'raw.parquet'));
  expect(outputPath(root, { stepKey: 'ev', assetKey: 'ev', runId: 'r', partitionKey: 'emea' }, 'parquet')).toBe(path.join(root, 'ev', 'emea.parquet'));
  expect(outputPath(root, { stepKey: 'h', assetKey: 'h', runId: 'r', partitionKey: '2026-01-01-10:00' }, 'json')).toBe(path.join(root, 'h', '2026-01-01-10_00.json'));
});

describe('a partition and an asset in one file', () => {
  test('they share a path, which is why the Definitions refuse them', () => {
    const partition = outputPath(root, { stepKey: 'ev', assetKey: 'ev', runId: 'r', partitionKey: 'emea' }, 'parquet');
    expect(outputPath(root, { stepKey: 'ev/emea', assetKey: 'ev/emea', runId: 'r' }, 'parquet')).toBe(partition);
  });

  test('new Definitions refuse them, naming both assets, the partition and the IO manager', () => {
    const ev = asset({ key: 'ev', partitions: regions, compute: () => [1] });
    const evEmea = asset({ key: 'ev/emea', compute: () => [2] });
    const build = () => new Definitions({ assets: [ev, evEmea] });
    expect(build).toThrow(DefinitionError);
    expect(build).toThrow(
      "assets 'ev' (its partition 'emea') and 'ev/emea' would both be stored in 'ev/emea' (.parquet or .json) by IO manager 'io_manager', each overwriting the other",
    );
  });

  test.each([
    ['daily', dailyPartitions({ start: '2026-01-01' }), 'ev/2026-03-01', '2026-03-01'],
    ['daily, a day not yet ended', dailyPartitions({ start: '2026-01-01' }), 'ev/2099-01-01', '2099-01-01'],
    ['hourly (its ":" stored as "_")', hourlyPartitions({ start: '2026-01-01' }), 'ev/2026-03-01-10_00', '2026-03-01-10:00'],
    ['static', regions, 'ev/amer', 'amer'],
  ])('%s partitions collide with an asset named after a key', (_kind, partitions, otherKey, partitionKey) => {
    expect(fileStorageProblems([{ key: 'ev', partitions }, { key: otherKey }], 'parquet')).toEqual([
      expect.stringContaining(`assets 'ev' (its partition '${partitionKey}') and '${otherKey}'`),
    ]);
  });

  test('what shares no file passes', () => {
    const daily = dailyPartitions({ start: '2026-01-01' });
    expect(fileStorageProblems([{ key: 'ev', partitions: daily }, { key: 'ev/summary' }], 'io_manager')).toEqual([]);
    expect(fileStorageProblems([{ key: 'ev', partitions: regions }, { key: 'ev/apac' }], 'io_manager')).toEqual([]);
    expect(fileStorageProblems([{ key: 'ev' }, { key: 'ev/emea' }], 'io_manager')).toEqual([]);
    // A partitioned asset one part longer keeps its files one folder further down.
    expect(fileStorageProblems([{ key: 'ev', partitions: regions }, { key: 'ev/emea', partitions: regions }], 'io_manager')).toEqual([]);
    expect(fileStorageProblems([{ key: 'ev', partitions: regions }, { key: 'ev/emea/x' }], 'io_manager')).toEqual([]);
  });

  test('assets of different storage are not compared; one JSON IO manager checks its own assets', () => {
    const ev = asset({ key: 'ev', partitions: regions, compute: () => [1] });
    const elsewhere = asset({ key: 'ev/emea', ioManagerKey: 'archive', compute: () => [2] });
    expect(() => new Definitions({ assets: [ev, elsewhere], ioManagers: { archive: jsonIOManager({ root: '/data/archive' }) } })).not.toThrow();
    const both = [asset({ key: 'ev', partitions: regions, ioManagerKey: 'archive', compute: () => [1] }), asset({ key: 'ev/emea', ioManagerKey: 'archive', compute: () => [2] })];
    expect(() => new Definitions({ assets: both, ioManagers: { archive: jsonIOManager({ root: '/data/archive' }) } })).toThrow(/by IO manager 'archive'/);
  });
});
