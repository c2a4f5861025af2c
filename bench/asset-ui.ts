/**
 * Figure 9: the asset UI in headless Chromium (playwright-core driving the system's chromium).
 *
 * - the graph page of a generated 2,000-asset Definitions (4,000 edges, 20 groups; half of the
 *   assets materialized in the catalog): from navigation to interactive (svg-pan-zoom started,
 *   `data-graph-ready` set), each load in a fresh browser context; the first load after the UI
 *   started (the layout computed then) and the median of `repeat` loads after it;
 * - the page of an asset with 100,000 hourly partitions (76% materialized, 200 failed): from
 *   navigation to the load event, median of `repeat` after a warm-up.
 *
 * Also runs alone: `npx tsx bench/asset-ui.ts [assets] [partitions]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { asset } from '../assets/asset';
import { hourlyPartitions } from '../assets/partitions';
import { Definitions } from '../planning/definitions';
import type { MaterializationInput } from '../storage/catalog/store';
import { chromiumPath, launchBrowser } from '../test/support/browser';
import { startAssetUi } from '../ui/server';
import { buildScaleGraph } from './definitions-scale';
import { median } from './stats';
import type { Figure, FigureRow } from './types';

export interface AssetUiBenchOptions {
  assets: number;
  partitions: number;
  repeat: number;
  workDir: string;
  client?: Client;
  log(message: string): void;
}

const record = (assetKey: string, i: number, partitionKey?: string): MaterializationInput => ({
  assetKey,
  ...(partitionKey ? { partitionKey } : {}),
  runId: `bench-run-${i}`,
  workflowId: `assetflow/run/bench/${i}`,
  location: '/bench/none',
  rows: 1000 + i,
  metadata: { rows: 1000 + i },
  attempt: 1,
  materializedAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 1000).toISOString(),
});

async function timeLoads(browser: Browser, url: string, repeat: number, ready: (page: import('playwright-core').Page) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await ready(page);
    times.push(performance.now() - started);
    await context.close();
  }
  return times;
}

/** Measures both figures; rows with notes instead of values when no Chromium is found. */
export async function measureAssetUi(options: AssetUiBenchOptions): Promise<FigureRow[]> {
  const graphFigure = `9 asset graph of ${options.assets.toLocaleString('en-US')} assets: interactive`;
  const firstFigure = `9 asset graph of ${options.assets.toLocaleString('en-US')} assets: first load after start`;
  const pageFigure = `9 asset page with ${options.partitions.toLocaleString('en-US')} partitions`;
  if (!chromiumPath()) {
    const note = 'no Chromium found (apt-get install chromium, or set ASSETFLOW_CHROMIUM)';
    return [graphFigure, firstFigure, pageFigure].map((figure) => ({ figure, unit: 'ms', target: { op: '<', value: figure === pageFigure ? 1000 : 3000 }, note }));
  }
  const client = options.client ?? ({} as Client);
  const browser = await launchBrowser();
  const rows: FigureRow[] = [];
  try {
    // The graph.
    const graph = new Definitions({ assets: buildScaleGraph(options.assets).assets, storageRoot: path.join(options.workDir, 'ui-graph') });
    await graph.catalog.ready();
    const keys = [...graph.assets.keys()];
    await graph.catalog.recordMaterializations(keys.filter((_, i) => i % 2 === 0).map((k, i) => record(k, i)));
    options.log(`asset UI: ${keys.length} assets, ${Math.ceil(keys.length / 2)} materialized`);
    const ui = await startAssetUi({ definitions: graph, client, namespace: 'default' });
    try {
      const ready = (page: import('playwright-core').Page) => page.waitForSelector('[data-graph-ready]', { timeout: 120_000 });
      const [first] = await timeLoads(browser, `${ui.url}/`, 1, ready);
      const loads = await timeLoads(browser, `${ui.url}/`, options.repeat, ready);
      const bytes = (await (await fetch(`${ui.url}/`)).text()).length;
      rows.push(
        { figure: graphFigure, value: median(loads), unit: 'ms', target: { op: '<', value: 3000 }, note: `navigation → svg-pan-zoom ready, fresh browser context each, layout cached; ${(bytes / 1024).toFixed(0)} KiB of HTML; max ${Math.max(...loads).toFixed(0)} ms` },
        { figure: firstFigure, value: first, unit: 'ms', target: { op: '<', value: 3000 }, note: 'the first request right after the UI started: includes the dagre layout (started at startup)' },
      );
    } finally {
      await ui.close();
      await graph.dispose();
    }

    // The partitioned asset page.
    const start = new Date(Date.now() - (options.partitions + 1) * 3600_000);
    start.setUTCMinutes(0, 0, 0);
    const partitions = hourlyPartitions({ start: start.toISOString().slice(0, 13) + ':00' });
    const hourly = asset({ key: 'hourly_events', partitions, compute: () => 1 });
    const defs = new Definitions({ assets: [hourly], storageRoot: path.join(options.workDir, 'ui-partitions') });
    await defs.catalog.ready();
    const partitionKeys = partitions.keys(new Date()).slice(-options.partitions);
    const materialized = partitionKeys.filter((_, i) => i % 100 < 76);
    for (let i = 0; i < materialized.length; i += 5000) await defs.catalog.recordMaterializations(materialized.slice(i, i + 5000).map((k, j) => record('hourly_events', i + j, k)));
    const failed = partitionKeys.filter((_, i) => i % 100 === 90).slice(0, 200);
    for (const [i, k] of failed.entries()) await defs.catalog.recordFailure({ assetKey: 'hourly_events', partitionKey: k, runId: `bench-failed-${i}`, attempt: 1, error: 'bench failure' });
    options.log(`asset UI: ${partitionKeys.length} partitions, ${materialized.length} materialized, ${failed.length} failed`);
    const pageUi = await startAssetUi({ definitions: defs, client, namespace: 'default' });
    try {
      const ready = (page: import('playwright-core').Page) => page.waitForLoadState('load');
      await timeLoads(browser, `${pageUi.url}/assets/hourly_events`, 1, ready);
      const loads = await timeLoads(browser, `${pageUi.url}/assets/hourly_events`, options.repeat, ready);
      const total = partitions.keys(new Date()).length;
      rows.push({ figure: pageFigure, value: median(loads), unit: 'ms', target: { op: '<', value: 1000 }, note: `${total.toLocaleString('en-US')} hourly partitions, ${materialized.length.toLocaleString('en-US')} materialized, ${failed.length} failed; navigation → load event; max ${Math.max(...loads).toFixed(0)} ms` });
    } finally {
      await pageUi.close();
      await defs.dispose();
    }
  } finally {
    await browser.close();
  }
  return rows;
}

const assetUiFigure: Figure = (ctx) => measureAssetUi({ assets: 2000, partitions: ctx.options.catalogPartitions, repeat: Math.max(ctx.options.repeat, 3), workDir: ctx.workDir, client: ctx.client, log: (m) => ctx.log(m) });

export default assetUiFigure;

if (require.main === module) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asset-ui-bench-'));
  measureAssetUi({ assets: Number(process.argv[2] ?? 2000), partitions: Number(process.argv[3] ?? 100_000), repeat: 3, workDir, log: (m) => console.error(m) })
    .then((rows) => {
      for (const r of rows) console.log(`${r.figure}: ${r.value?.toFixed(0) ?? '—'} ${r.unit}${r.note ? ` (${r.note})` : ''}`);
    })
    .finally(() => fs.rmSync(workDir, { recursive: true, force: true }))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
