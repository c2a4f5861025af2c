/**
 * The asset UI says why an asset is stale, over HTTP from the real server on a real SQLite
 * catalog: the asset page shows the declared and recorded code versions and the reasons, the
 * graph's `?select=stale()` shows exactly the stale assets, and the launch page resolves
 * `stale()` to them (or says nothing is stale).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { sqliteCatalog } from '../storage/catalog/sqlite-store';
import type { CatalogStore } from '../storage/catalog/store';
import { startAssetUi, type AssetUi } from './server';

let dir: string;
let catalog: CatalogStore;
let ui: AssetUi;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-view-'));
  catalog = sqliteCatalog(path.join(dir, 'catalog.sqlite'));
  const rawSales = asset({ key: 'raw_sales', compute: () => 1 });
  const cleanedSales = asset({ key: 'cleaned_sales', ins: { rawSales }, codeVersion: 'v2', compute: ({ rawSales }) => rawSales });
  const report = asset({ key: 'report', ins: { cleanedSales }, compute: ({ cleanedSales }) => cleanedSales });
  const definitions = new Definitions({ assets: [rawSales, cleanedSales, report], storageRoot: dir, catalog });
  const record = (assetKey: string, runId: string, materializedAt: string, codeVersion?: string) =>
    catalog.recordMaterialization({ assetKey, runId, location: `${dir}/${assetKey}.json`, metadata: {}, attempt: 1, materializedAt, ...(codeVersion ? { codeVersion } : {}) });
  // raw_sales, then cleaned_sales with code v1 (the definition now says v2), then report: only cleaned_sales is stale.
  await record('raw_sales', 'r1', '2026-12-01T10:00:00.000Z');
  await record('cleaned_sales', 'r1', '2026-12-01T10:01:00.000Z', 'v1');
  await record('report', 'r1', '2026-12-01T10:02:00.000Z');
  ui = await startAssetUi({ definitions, client: {} as never, namespace: 'default' });
});
afterAll(async () => {
  await ui?.close();
  await catalog?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const page = async (pathAndQuery: string) => {
  const response = await fetch(`${ui.url}${pathAndQuery}`);
  return { status: response.status, html: await response.text() };
};

test('the asset page shows the declared and the recorded code version, and why it is stale', async () => {
  const { status, html } = await page('/assets/cleaned_sales');
  expect(status).toBe(200);
  expect(html).toMatch(/<dt>Code version<\/dt><dd class="code-version"><code>v2<\/code><\/dd>/);
  expect(html).toContain('<code>v1</code>');
  expect(html).toMatch(/class="status-detail stale-reasons"> · code version changed v1 → v2</);
  // report: fresh (it was materialized after cleaned_sales), no code version declared.
  const report = await page('/assets/report');
  expect(report.html).not.toContain('stale-reasons');
  expect(report.html).toMatch(/<dt>Code version<\/dt><dd class="code-version">none<\/dd>/);
});

test('the graph filtered by stale() shows exactly the stale asset, its card saying why; the launch page resolves it', async () => {
  const graph = await page(`/?select=${encodeURIComponent('stale()')}`);
  expect(graph.status).toBe(200);
  expect(graph.html).toContain('data-key="cleaned_sales"');
  expect(graph.html).not.toContain('data-key="raw_sales"');
  expect(graph.html).not.toContain('data-key="report"');
  expect(graph.html).toContain('title="stale: code version changed v1 → v2"');
  expect(graph.html).toContain(' · code v1 → v2');
  const launch = await page(`/launch?select=${encodeURIComponent('stale()+')}`);
  expect(launch.html).toMatch(/<li data-asset="cleaned_sales">.*<li data-asset="report">/s);
  expect(launch.html).not.toContain('<li data-asset="raw_sales">');
  const unknown = await page(`/launch?select=${encodeURIComponent('fresh()')}`);
  expect(unknown.html).toContain('there is no selection function');
});
