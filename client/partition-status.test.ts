import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { dailyPartitions } from '../assets/partitions';
import { partitionStatus } from './partition-status';

test('materialized and missing partitions come as spans of consecutive keys', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'partition-status-'));
  const days = asset({ key: 'days', partitions: dailyPartitions({ start: '2026-11-01' }), compute: () => 1 });
  const flat = asset({ key: 'flat', compute: () => 1 });
  const definitions = new Definitions({ assets: [days, flat], storageRoot: root });
  for (const partitionKey of ['2026-11-02', '2026-11-03', '2026-11-05', '2026-11-03']) {
    await definitions.catalog.record({ assetKey: 'days', partitionKey, runId: 'r', location: 'x', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() });
  }
  const status = await partitionStatus(definitions, 'days', new Date('2026-11-07T12:00:00Z'));
  expect(status).toMatchObject({ total: 6, materialized: 3 });
  expect(status.spans.map((s) => [s.status, s.first, s.last, s.count])).toEqual([
    ['missing', '2026-11-01', '2026-11-01', 1],
    ['materialized', '2026-11-02', '2026-11-03', 2],
    ['missing', '2026-11-04', '2026-11-04', 1],
    ['materialized', '2026-11-05', '2026-11-05', 1],
    ['missing', '2026-11-06', '2026-11-06', 1],
  ]);
  await expect(partitionStatus(definitions, 'flat')).rejects.toThrow(/asset 'flat' is not partitioned/);
  await expect(partitionStatus(definitions, 'dayz')).rejects.toThrow(/there is no asset 'dayz'.*Did you mean 'days'/);
});
