import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { dailyPartitions } from '../assets/partitions';
import { partitionStatus } from './partition-status';

test('partition states come as counts and spans of consecutive keys; an unpartitioned asset has one state', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'partition-status-'));
  const days = asset({ key: 'days', partitions: dailyPartitions({ start: '2026-11-01' }), compute: () => 1 });
  const flat = asset({ key: 'flat', compute: () => 1 });
  const definitions = new Definitions({ assets: [days, flat], storageRoot: root });
  try {
    const record = (partitionKey: string | undefined, runId: string, assetKey = 'days') =>
      definitions.catalog.recordMaterialization({ assetKey, ...(partitionKey ? { partitionKey } : {}), runId, location: 'x', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() });
    for (const partitionKey of ['2026-11-02', '2026-11-03', '2026-11-05', '2026-11-03']) await record(partitionKey, `r-${partitionKey}`);
    await definitions.catalog.recordFailure({ assetKey: 'days', partitionKey: '2026-11-06', runId: 'f', attempt: 1, error: 'boom' });
    await definitions.catalog.recordRunStarted({ runId: 'open', workflowId: 'w', assetKeys: ['days'], partitionKey: '2026-11-04' });
    const status = await partitionStatus(definitions, 'days', new Date('2026-11-07T12:00:00Z'));
    expect(status).toMatchObject({ total: 6, partitioned: true, counts: { materialized: 3, failed: 1, in_progress: 1, missing: 1 } });
    expect(status.spans.map((s) => [s.state, s.first, s.last, s.count])).toEqual([
      ['missing', '2026-11-01', '2026-11-01', 1],
      ['materialized', '2026-11-02', '2026-11-03', 2],
      ['in_progress', '2026-11-04', '2026-11-04', 1],
      ['materialized', '2026-11-05', '2026-11-05', 1],
      ['failed', '2026-11-06', '2026-11-06', 1],
    ]);
    // The default catalog is the SQLite file beside the storage root.
    expect(fs.existsSync(path.join(root, '.catalog.sqlite'))).toBe(true);

    expect(await partitionStatus(definitions, 'flat')).toMatchObject({ partitioned: false, total: 1, state: 'missing', spans: [] });
    await record(undefined, 'flat-run', 'flat');
    expect(await partitionStatus(definitions, 'flat')).toMatchObject({ state: 'materialized', counts: { materialized: 1, missing: 0 } });
    await expect(partitionStatus(definitions, 'dayz')).rejects.toThrow(/there is no asset 'dayz'.*Did you mean 'days'/);
  } finally {
    await definitions.dispose();
  }
});
