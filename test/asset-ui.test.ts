/**
 * The asset UI in a real headless Chromium against the suite's Temporal dev server: a worker
 * for the sales example (and the daily partitioned sales) with its own storage and catalog, the
 * UI beside it. The graph shows every asset with its status as text and updates while a run
 * goes on; cleaned_sales' page shows columns, preview and history linked to Temporal Web; a
 * partitioned asset shows its health bar and missing ranges after a backfill of 5 partitions;
 * cross-origin POSTs (by fetch with explicit headers and by a real page on another port) and
 * unknown Host headers are refused. Saves docs/ui-graph.png and docs/ui-asset.png for the README
 * (with ASSETFLOW_UPDATE_SCREENSHOTS=1).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from '@temporalio/worker';
import type { Browser, Page } from 'playwright-core';
import { startBackfill } from '../client/backfills';
import { materialize } from '../client/runs';
import { cleanedSales, ingestedFile, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { Definitions } from '../planning/definitions';
import { startAssetUi, type AssetUi } from '../ui/server';
import { createWorker } from '../worker';
import { describeInBrowser, launchBrowser } from './support/browser';
import { connectTestEnv, tempStorage, type TestEnv } from './support/temporal';

/**
 * Where the screenshots go: docs/ (the README shows them) with ASSETFLOW_UPDATE_SCREENSHOTS=1,
 * else a temp folder, so that a test run leaves the checkout as it was.
 */
const DOCS = process.env.ASSETFLOW_UPDATE_SCREENSHOTS === '1' ? path.join(__dirname, '..', 'docs') : fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-ui-shots-'));
const TEMPORAL_WEB = 'http://127.0.0.1:8233';

/** The text of a graph node's card. */
const card = (page: Page, key: string) => page.locator(`a.node-link[data-key="${key}"]`);

describeInBrowser('the asset UI', () => {
  describe('against a worker and a real run', () => {
    let env: TestEnv;
    let api: SalesApi;
    let definitions: Definitions;
    let worker: Worker;
    let running: Promise<void>;
    let ui: AssetUi;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      env = await connectTestEnv();
      api = await startSalesApi({ failFirst: 0 });
      // A module of their own, so that steps run in step threads as on any worker.
      const definitionsModule = require.resolve('./fixtures/asset-ui-definitions');
      const fixture = (await import('./fixtures/asset-ui-definitions')) as { default: Definitions; storageRoot: string };
      fs.rmSync(fixture.storageRoot, { recursive: true, force: true });
      definitions = fixture.default;
      worker = await createWorker({ definitions, definitionsModule, target: env.target, taskQueue: env.taskQueue, workflowBundlePath: process.env.ASSETFLOW_TEST_BUNDLE });
      running = worker.run();
      ui = await startAssetUi({ definitions, client: env.client, namespace: env.target.namespace, temporalWebUrl: TEMPORAL_WEB });
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await ui?.close();
      if (worker) {
        worker.shutdown();
        await running;
      }
      await api?.close();
      await definitions?.dispose();
      await env?.close();
    });

    test('the graph shows every asset with its status as text, and updates without a reload while the pipeline runs', async () => {
      const listening = page.waitForResponse((r) => r.url() === `${ui.url}/events`);
      await page.goto(`${ui.url}/`);
      await page.waitForSelector('[data-graph-ready]');
      await listening;
      for (const key of definitions.assets.keys()) await expect(card(page, key).textContent()).resolves.toContain('Never materialized');
      expect(await page.locator('.group-box text').allTextContents()).toEqual(expect.arrayContaining(['sales', 'files', 'daily_sales']));
      expect(await page.locator('.edges path').count()).toBe(5); // raw→cleaned→by_customer→top, daily→cleaned_daily→revenue
      await page.evaluate('window.notReloaded = true');

      const result = await materialize(env.client, definitions, { selection: 'group:sales', runName: 'sales', runConfig: { ops: { raw_sales: { config: { apiUrl: api.url } } } }, taskQueue: env.taskQueue });
      expect(result.status).toBe('success');
      await page.waitForFunction(`document.querySelector('a.node-link[data-key="top_customers"]')?.textContent.includes('Materialized')`, undefined, { timeout: 15_000 });
      expect(await page.evaluate('window.notReloaded')).toBe(true);
      const rows = result.steps.find((s) => s.key === 'cleaned_sales')!.rows!;
      expect(await card(page, 'cleaned_sales').textContent()).toContain(`${rows.toLocaleString('en-US')} rows`);
      expect(await card(page, 'ingested_file').textContent()).toContain('Never materialized');
    }, 90_000);

    test('the group and selection filters; a bad selection says so; the launch link carries the selection', async () => {
      await page.goto(`${ui.url}/?select=${encodeURIComponent('+cleaned_sales')}`);
      expect((await page.locator('a.node-link').evaluateAll((as) => as.map((a) => a.getAttribute('data-key')))).sort()).toEqual(['cleaned_sales', 'raw_sales']);
      expect(await page.locator('a.button.primary').getAttribute('href')).toBe(`/launch?select=${encodeURIComponent('+cleaned_sales')}`);
      await page.goto(`${ui.url}/?group=daily_sales`);
      expect((await page.locator('a.node-link').evaluateAll((as) => as.map((a) => a.getAttribute('data-key')))).sort()).toEqual(['daily_cleaned_sales', 'daily_sales', 'revenue_by_day']);
      await page.goto(`${ui.url}/?select=cleaned_sale`);
      expect(await page.locator('[role=alert]').textContent()).toMatch(/cleaned_sale.*Did you mean 'cleaned_sales'/);
      expect(await page.locator('a.node-link').count()).toBe(definitions.assets.size);
    });

    test('clicking cleaned_sales opens its page: columns with types, preview, history linked to Temporal Web', async () => {
      await page.goto(`${ui.url}/`);
      await page.waitForSelector('[data-graph-ready]');
      await card(page, 'cleaned_sales').click();
      await page.waitForURL(`${ui.url}/assets/cleaned_sales`);
      expect(await page.locator('h1').textContent()).toBe('cleaned_sales');
      const columns = await page.locator('table.columns tbody tr').allTextContents();
      expect(columns.length).toBeGreaterThan(2);
      expect(columns.join('\n')).toMatch(/sale_id\s*Int64|amount\s*Float64/);
      expect(await page.locator('table.preview tbody tr').count()).toBeGreaterThan(0);
      const history = page.locator('table.history tbody tr');
      expect(await history.count()).toBe(1);
      const link = await history.first().locator('a').getAttribute('href');
      expect(link).toMatch(new RegExp(`^${TEMPORAL_WEB}/namespaces/default/workflows/assetflow%2Frun%2Fsales%2F.+/history$`));
      expect(await page.locator('aside').textContent()).toMatch(/Upstream\s*raw_sales\s*Downstream\s*sales_by_customer/);
      await page.screenshot({ path: path.join(DOCS, 'ui-asset.png'), fullPage: true });
    });

    test('a partitioned asset after a backfill of 5 partitions: health bar and the missing range, live on its open page', async () => {
      const keys = definitions.getAsset('daily_sales').partitions!.keys(new Date());
      const listening = page.waitForResponse((r) => r.url() === `${ui.url}/events`);
      await page.goto(`${ui.url}/assets/daily_cleaned_sales`);
      await listening;
      await new Promise((r) => setTimeout(r, 300)); // the UI's poller notes the catalog's mark first
      expect(await page.locator('.asset-main .health-bar').getAttribute('aria-label')).toBe(`${keys.length} partitions: ${keys.length} missing`);
      await page.evaluate('window.notReloaded = true');
      const backfill = await startBackfill(env.client, definitions, {
        selection: ['daily_sales', 'daily_cleaned_sales'],
        from: '2026-11-01',
        to: '2026-11-05',
        runConfig: { ops: { daily_sales: { config: { apiUrl: api.url } } } },
        taskQueue: env.taskQueue,
      });
      expect(await backfill.result()).toMatchObject({ succeeded: 5, failed: 0 });
      await page.waitForFunction(`document.querySelector('.asset-main .health-bar')?.getAttribute('aria-label') === '${keys.length} partitions: 5 materialized, ${keys.length - 5} missing'`, undefined, { timeout: 15_000 });
      expect(await page.evaluate('window.notReloaded')).toBe(true);
      await page.reload();
      const bar = page.locator('.asset-main .health-bar');
      expect(await bar.getAttribute('aria-label')).toBe(`${keys.length} partitions: 5 materialized, ${keys.length - 5} missing`);
      expect(await page.locator('ul[aria-label="missing ranges"] li').allTextContents()).toEqual([`${keys[5]} … ${keys[keys.length - 1]} (${keys.length - 5})`]);
      expect(await page.locator('table.history tbody tr').count()).toBe(5);
      await page.goto(`${ui.url}/`);
      await page.waitForSelector('[data-graph-ready]');
      expect(await card(page, 'daily_sales').locator('.health-bar').getAttribute('aria-label')).toBe(`${keys.length} partitions: 5 materialized, ${keys.length - 5} missing`);
      expect(await card(page, 'daily_sales').textContent()).toContain(`5/${keys.length} partitions`);
      await page.screenshot({ path: path.join(DOCS, 'ui-graph.png') });
    }, 90_000);
  });

  describe('pages that need no run', () => {
    let definitions: Definitions;
    let ui: AssetUi;
    let browser: Browser;
    beforeAll(async () => {
      definitions = new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers, ingestedFile], storageRoot: tempStorage('asset-ui-static') });
      ui = await startAssetUi({ definitions, client: {} as never, namespace: 'default' });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await ui?.close();
      await definitions?.dispose();
    });

    test('an unknown key gets a 404 page with did-you-mean; a hostile key is shown as text, never as markup', async () => {
      const page = await browser.newPage();
      const unknown = await page.goto(`${ui.url}/assets/cleaned_sale`);
      expect(unknown?.status()).toBe(404);
      expect(await page.locator('main').textContent()).toContain('Did you mean cleaned_sales');
      expect(await page.locator('main a', { hasText: 'cleaned_sales' }).getAttribute('href')).toBe('/assets/cleaned_sales');
      const hostile = '<img src=x onerror="document.title=\'pwned\'">';
      const res = await page.goto(`${ui.url}/assets/${encodeURIComponent(hostile)}`);
      expect(res?.status()).toBe(404);
      expect(await page.locator('main img').count()).toBe(0);
      expect(await page.locator('h1').textContent()).toContain(hostile);
      expect(await page.title()).not.toBe('pwned');
    });

    test('without Temporal Web\'s address the history lists runs without links, and says why', async () => {
      await definitions.catalog.recordMaterialization({ assetKey: 'raw_sales', runId: 'run-without-link', workflowId: 'assetflow/run/sales/x', runName: 'sales', location: '/x', rows: 3, metadata: { rows: 3 }, attempt: 1, materializedAt: new Date().toISOString() });
      const page = await browser.newPage();
      await page.goto(`${ui.url}/assets/raw_sales`);
      const row = page.locator('table.history tbody tr');
      expect(await row.count()).toBe(1);
      expect(await row.locator('a').count()).toBe(0);
      expect(await row.textContent()).toContain('sales · run-with');
      expect(await page.locator('main').textContent()).toContain("Temporal Web's address is not known, so runs are not linked.");
    });

    test('an unknown Host and a cross-origin POST (explicit headers) are refused', async () => {
      const { port } = new URL(ui.url);
      const raw = (headers: Record<string, string>, method = 'GET') =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, path: '/launch', method, headers }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end(method === 'POST' ? 'select=*' : undefined);
        });
      const rebound = await raw({ host: `attacker.example:${port}` });
      expect(rebound.status).toBe(421);
      expect(rebound.body).toContain('answers only to its own address');
      const cross = await raw({ host: `127.0.0.1:${port}`, origin: 'https://attacker.example', 'content-type': 'application/x-www-form-urlencoded' }, 'POST');
      expect(cross.status).toBe(403);
      expect(cross.body).toContain('because its Origin is https://attacker.example');
      const page = await fetch(`${ui.url}/`);
      expect(page.status).toBe(200);
    });

    test('a page served on another port cannot POST to the UI: its form submission and its fetch are refused', async () => {
      const attacker = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><form id="f" method="post" action="${ui.url}/launch"><input name="select" value="*"></form>
          <script>fetch(${JSON.stringify(`${ui.url}/launch`)}, { method: 'POST', mode: 'no-cors', body: 'select=*' }).finally(() => document.getElementById('f').submit());</script>`);
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
      try {
        const page = await browser.newPage();
        const statuses: number[] = [];
        page.on('response', (r) => {
          if (r.url() === `${ui.url}/launch`) statuses.push(r.status());
        });
        await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
        await page.waitForURL(`${ui.url}/launch`);
        expect(await page.locator('h1').textContent()).toBe('Cross-origin request refused');
        expect(statuses).toEqual([403, 403]);
        // The UI's own page may POST (the guard lets it through to the route).
        await page.goto(`${ui.url}/`);
        const own = await page.evaluate(() => fetch('/launch', { method: 'POST', body: 'select=*' }).then((r) => r.status));
        expect(own).not.toBe(403);
      } finally {
        attacker.close();
      }
    });
  });
});
