import { asset } from '../../assets/asset';
import { showAsset } from '../../client/asset-catalog';
import { Definitions } from '../../planning/definitions';
import { sqliteCatalog } from '../../storage/catalog/sqlite-store';
import { tempStorage } from '../../test/support/temporal';
import { AssetLive } from './asset-page';

test("the asset page lists each check's newest result: passed or failed, severity, when, run, partition and metadata; a check that never ran says so", async () => {
  const storageRoot = tempStorage('asset-page-checks');
  const catalog = sqliteCatalog(`${storageRoot}/catalog.sqlite`);
  const pass = () => ({ passed: true });
  const sales = asset({ key: 'sales', compute: () => [1], checks: [{ name: 'row_count', blocking: true, description: 'has rows', compute: pass }, { name: 'fresh', compute: pass }] });
  const definitions = new Definitions({ assets: [sales], storageRoot, catalog });
  try {
    await catalog.recordCheckResult({ assetKey: 'sales', checkName: 'row_count', runId: 'r1', workflowId: 'assetflow/run/sales/1', passed: true, severity: 'error', metadata: { rows: 3 }, checkedAt: '2026-12-01T10:00:00.000Z' });
    await catalog.recordCheckResult({ assetKey: 'sales', checkName: 'row_count', runId: 'r2', workflowId: 'assetflow/run/sales/2', passed: false, severity: 'error', metadata: { rows: 0 }, checkedAt: '2026-12-01T11:00:00.000Z' });
    const details = await showAsset(definitions, 'sales');
    const html = String(await AssetLive({ ctx: { namespace: 'default', temporalWebUrl: 'http://localhost:8233' } as never, asset: details, runs: new Map() }));
    const rowOf = (name: string) => html.match(new RegExp(`<tr data-check="${name}">(.*?)</tr>`))![1];
    expect(rowOf('row_count')).toContain('<td class="check-failed check-error">failed</td>');
    expect(rowOf('row_count')).toContain('has rows');
    expect(rowOf('row_count')).toContain('2026-12-01T11:00:00.000Z');
    expect(rowOf('row_count')).toContain('<code>{&quot;rows&quot;:0}</code>');
    expect(rowOf('row_count')).toContain('assetflow%2Frun%2Fsales%2F2');
    expect(rowOf('fresh')).toContain('<td class="muted">never ran</td>');
  } finally {
    await definitions.dispose();
    await catalog.close();
  }
});
