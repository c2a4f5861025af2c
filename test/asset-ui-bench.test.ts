/** Keeps figure 9 (bench/asset-ui.ts) from rotting: it runs once at a tiny size in a real Chromium. No timing is asserted. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureAssetUi } from '../bench/asset-ui';
import { describeInBrowser } from './support/browser';

describeInBrowser('figure 9', () => {
  test('measures the graph page and the partitioned asset page and reports every row', async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asset-ui-bench-'));
    try {
      const rows = await measureAssetUi({ assets: 40, partitions: 300, repeat: 1, workDir, log: () => undefined });
      expect(rows.map((r) => r.figure)).toEqual(['9 asset graph of 40 assets: interactive', '9 asset graph of 40 assets: first load after start', '9 asset page with 300 partitions']);
      for (const row of rows) expect(Number.isFinite(row.value)).toBe(true);
      expect(rows[2].note).toMatch(/^30[01] hourly partitions, 228 materialized, 3 failed/);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }, 60_000);
});
