/**
 * The asset UI's operations half in a real headless Chromium, against the suite's dev server and
 * a real worker for the sales example: materialize `top_customers+` from the launch form and
 * watch its step table go live to success; a run config of the wrong type is refused by path
 * and starts nothing; pause and resume a sensor and a schedule; cancel a running run from its
 * page; a backfill of 5 partitions launched from the form shows its progress to the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { asset } from '../assets/asset';
import { dailyPartitions } from '../assets/partitions';
import { schedule } from '../assets/schedule';
import { deploySchedules } from '../client/deploy';
import { deploySensors } from '../client/deploy-sensors';
import { listSchedules } from '../client/schedules';
import { runResultOf, startRun } from '../client/runs';
import { sensorHandle } from '../client/sensors';
import { backfillRunWorkflowId, backfillWorkflowId, scheduleId } from '../contract/ids';
import { cleanedSales, ingestedFile, rawSales, salesByCustomer, topCustomers } from '../examples/sales/assets';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { fileDropSensor } from '../examples/sales/sensors';
import { Definitions } from '../planning/definitions';
import { startAssetUi, type AssetUi } from '../ui/server';
import { mark, waitForFile } from './fixtures/control-files';
import { describeInBrowser, launchBrowser } from './support/browser';
import { stopSensors, uniqueSensorName, waitForSensor } from './support/sensors';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

const slowDescribe = process.env.ASSETFLOW_SKIP_SLOW_TESTS === '1' ? describe.skip : describeInBrowser;
const TEMPORAL_WEB = 'http://temporal-web.test:8233';

const dir = tempStorage('ui-operations');
const control = (file: string) => path.join(dir, file);

/** Downstream of top_customers; waits for the test's go-ahead, so the run page is seen running first. */
const topCustomersReport = asset({
  key: 'top_customers_report',
  ins: { top_customers: topCustomers },
  compute: async ({ top_customers, context }) => {
    await waitForFile(control('report-go'), context.signal);
    return top_customers.height;
  },
});
/** Runs until cancelled. */
const waitsForCancel = asset({
  key: 'waits_for_cancel',
  heartbeatTimeoutSeconds: 2,
  compute: async ({ context }) => {
    mark(control('waiting'));
    await sleep(3_600_000, undefined, { signal: context.signal });
    return 0;
  },
});
/** Five November days; the fifth waits for the test's go-ahead, so the backfill page is seen at 4 of 5. */
const uiDay = asset({
  key: 'ui_day',
  partitions: dailyPartitions({ start: '2026-11-01' }),
  compute: async ({ context }) => {
    if (context.partitionKey === '2026-11-05') await waitForFile(control('day-go'), context.signal);
    return { day: context.partitionKey };
  },
});

const sensorName = uniqueSensorName('ui_files');
const scheduleName = `ui_yearly_${path.basename(dir).replace(/\W/g, '_')}`;

slowDescribe('the asset UI operations in a real browser', () => {
  let env: TestEnv;
  let api: SalesApi;
  let definitions: Definitions;
  let ui: AssetUi;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    env = await connectTestEnv();
    api = await startSalesApi({ rows: 300, seed: 11, failFirst: 0 });
    fs.mkdirSync(control('incoming'), { recursive: true });
    definitions = new Definitions({
      assets: [rawSales, cleanedSales, salesByCustomer, topCustomers, topCustomersReport, ingestedFile, waitsForCancel, uiDay],
      sensors: [fileDropSensor({ name: sensorName, dir: control('incoming'), minimumIntervalSeconds: 0.5 })],
      schedules: [schedule({ name: scheduleName, cron: '0 6 1 1 *', selection: 'ui_day', description: 'once a year' })],
      storageRoot: path.join(dir, 'storage'),
      taskQueue: env.taskQueue,
    });
    ui = await startAssetUi({ definitions, client: env.client, namespace: env.target.namespace, temporalWebUrl: TEMPORAL_WEB });
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(() => page?.close());
  afterAll(async () => {
    await browser?.close();
    await ui?.close();
    await stopSensors(env.client, [sensorName]);
    await env?.client.schedule.getHandle(scheduleId(scheduleName)).delete().catch(() => undefined);
    await api?.close();
    await env?.close();
  });

  /** Marks the document, so that a later check can tell the page was updated in place, not reloaded. */
  const markDocument = () => page.evaluate(() => ((globalThis as unknown as { uiTestMark: number }).uiTestMark = 1));
  const stillSameDocument = () => page.evaluate(() => (globalThis as unknown as { uiTestMark?: number }).uiTestMark === 1);

  test('materializes top_customers+ from the launch form; the run page follows its steps live to success', async () => {
    await withWorker(env, definitions, async () => {
      // Upstream first, through the client: top_customers reads sales_by_customer from storage.
      const upstream = await startRun(env.client, definitions, { selection: '*sales_by_customer', runConfig: { ops: { raw_sales: { config: { apiUrl: api.url } } } } });
      expect((await upstream.result()).status).toBe('success');

      await page.goto(`${ui.url}/launch?select=${encodeURIComponent('top_customers+')}`);
      expect(await page.locator('.selected-assets li').allTextContents()).toEqual(['top_customers', 'top_customers_report']);
      await page.getByRole('button', { name: 'Launch' }).click();
      await page.waitForURL(/\/runs\/assetflow%2Frun%2Ftop_customers%2B%2F/);
      const workflowId = decodeURIComponent(new URL(page.url()).pathname.slice('/runs/'.length));
      await page.waitForSelector('tr[data-step="top_customers_report"] td[data-status="running"]');
      expect(await page.getByTestId('run-status').textContent()).toBe('running');
      expect(await page.getByRole('link', { name: 'Temporal Web ↗' }).last().getAttribute('href')).toMatch(
        new RegExp(`^${TEMPORAL_WEB}/namespaces/default/workflows/${encodeURIComponent(workflowId).replace(/[+]/g, '\\+')}/[0-9a-f-]+/history$`),
      );
      await markDocument();

      mark(control('report-go'));
      await page.waitForSelector('[data-testid="run-status"]:text-is("success")');
      expect(await stillSameDocument()).toBe(true);
      expect(await page.locator('tr[data-step] td[data-status]').allTextContents()).toEqual(['succeeded', 'succeeded']);
      expect(await page.locator('tr[data-step="top_customers"] td').nth(2).textContent()).toBe('10');
      expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
      expect((await runResultOf(env.client.workflow.getHandle(workflowId))).status).toBe('success');

      // The runs page lists it with its trigger and assets, linking to its page.
      await page.goto(`${ui.url}/runs`);
      const row = page.locator(`tr[data-workflow-id="${workflowId}"]`);
      await row.waitFor();
      expect(await row.locator('td').nth(1).textContent()).toBe('completed');
      expect(await row.locator('td').nth(2).textContent()).toBe('manual');
      expect(await row.locator('td').nth(3).textContent()).toBe('top_customers, top_customers_report');
      await row.getByRole('link', { name: workflowId }).click();
      await page.waitForSelector('[data-testid="run-status"]:text-is("success")');
    });
  });

  test('a run config of the wrong type shows the zod error by its path and starts nothing', async () => {
    const query = `TaskQueue = "${env.taskQueue}"`;
    const before = (await env.client.workflow.count(query)).count;
    await page.goto(`${ui.url}/launch?select=raw_sales`);
    await page.locator('textarea[name="runConfig"]').fill('{"ops": {"raw_sales": {"config": {"apiUrl": 42}}}}');
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Launch' }).click();
    expect((await response).status()).toBe(400);
    const errors = page.locator('#runConfig-errors li');
    await errors.first().waitFor();
    expect(await errors.locator('code.path').allTextContents()).toEqual(['ops.raw_sales.config.apiUrl']);
    expect(await errors.first().textContent()).toMatch(/string/i);
    // What was typed stays, to be fixed.
    expect(await page.locator('textarea[name="runConfig"]').inputValue()).toBe('{"ops": {"raw_sales": {"config": {"apiUrl": 42}}}}');
    await sleep(1500); // visibility would have seen a start by now
    expect((await env.client.workflow.count(query)).count).toBe(before);
  });

  test('pauses and resumes a sensor and a schedule from the automation page', async () => {
    try {
      await withWorker(env, definitions, async () => {
        await deploySensors(env.client, definitions);
        await deploySchedules(env.client, definitions);
        await waitForSensor(env.client, sensorName, (s) => s.lastEvaluation !== undefined);
        await page.goto(`${ui.url}/automation`);
        const sensorRow = page.locator(`tr[data-sensor="${sensorName}"]`);
        expect(await sensorRow.locator('td[data-status]').getAttribute('data-status')).toBe('running');
        expect(await sensorRow.locator('td').nth(5).textContent()).toMatch(/skipped \(no new files in /);

        await sensorRow.getByRole('button', { name: `Pause ${sensorName}` }).click();
        await sensorRow.getByRole('button', { name: `Resume ${sensorName}` }).waitFor();
        expect(await sensorRow.locator('td[data-status]').getAttribute('data-status')).toBe('paused');
        expect((await sensorHandle(env.client, sensorName).state()).status).toBe('paused');
        await sensorRow.getByRole('button', { name: `Resume ${sensorName}` }).click();
        await sensorRow.getByRole('button', { name: `Pause ${sensorName}` }).waitFor();
        expect((await sensorHandle(env.client, sensorName).state()).status).toBe('running');

        const scheduleRow = page.locator(`tr[data-schedule="${scheduleName}"]`);
        expect(await scheduleRow.locator('td').nth(2).textContent()).toBe('At 06:00, on day 1 of the month, only in January');
        expect(await scheduleRow.locator('td').nth(4).locator('time').first().getAttribute('datetime')).toMatch(/-01-01T06:00:00.000Z$/);
        await scheduleRow.getByRole('button', { name: `Pause ${scheduleName}` }).click();
        await scheduleRow.getByRole('button', { name: `Resume ${scheduleName}` }).waitFor();
        expect(await scheduleRow.locator('td[data-status]').textContent()).toBe('paused');
        expect((await listSchedules(env.client, definitions)).find((s) => s.name === scheduleName)).toMatchObject({ status: 'paused', note: 'paused from the asset UI' });
        await scheduleRow.getByRole('button', { name: `Resume ${scheduleName}` }).click();
        await scheduleRow.getByRole('button', { name: `Pause ${scheduleName}` }).waitFor();
        expect((await listSchedules(env.client, definitions)).find((s) => s.name === scheduleName)?.status).toBe('active');
      });
    } finally {
      await stopSensors(env.client, [sensorName]); // so that it does not evaluate on the workers of later tests
    }
  });

  test('cancels a running run from its page', async () => {
    await withWorker(env, definitions, async () => {
      const run = await startRun(env.client, definitions, { selection: 'waits_for_cancel' });
      await waitForFile(control('waiting'));
      await page.goto(`${ui.url}/runs/${encodeURIComponent(run.workflowId)}`);
      await page.waitForSelector('tr[data-step="waits_for_cancel"] td[data-status="running"]');
      await page.getByRole('button', { name: 'Cancel run' }).click();
      await page.waitForSelector('[data-testid="run-status"]:text-is("cancelled")');
      expect(await page.locator('tr[data-step="waits_for_cancel"] td[data-status]').textContent()).toBe('cancelled');
      expect((await run.result()).status).toBe('cancelled');
      expect((await env.client.workflow.getHandle(run.workflowId).describe()).status.name).toBe('CANCELLED');
    });
  });

  test('a backfill of 5 partitions launched from the form shows its progress to completion', async () => {
    await withWorker(env, definitions, async () => {
      await page.goto(`${ui.url}/launch?select=ui_day`);
      await page.getByLabel('backfill a range').check();
      await page.getByLabel('From').selectOption('2026-11-01');
      await page.getByLabel('To').selectOption('2026-11-05');
      await page.getByRole('button', { name: 'Launch' }).click();
      await page.waitForURL(/\/backfills\/ui_day-/);
      await page.waitForSelector('[data-testid="backfill-done"]:text-is("4 / 5 partitions")');
      expect(await page.getByTestId('backfill-status').textContent()).toBe('running');
      await markDocument();
      mark(control('day-go'));
      await page.waitForSelector('[data-testid="backfill-status"]:text-is("success")');
      expect(await page.getByTestId('backfill-done').textContent()).toBe('5 / 5 partitions');
      expect(await stillSameDocument()).toBe(true);
      expect(await page.locator('progress').getAttribute('value')).toBe('5');
      const records = await definitions.catalog.history('ui_day');
      expect(records.map((r) => r.partitionKey).sort()).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']);

      // The runs page lists the backfill (linking to its page) and its partition runs, with their partitions.
      const backfillId = decodeURIComponent(new URL(page.url()).pathname.slice('/backfills/'.length));
      await page.goto(`${ui.url}/runs`);
      const backfillRow = page.locator(`tr[data-workflow-id="${backfillWorkflowId(backfillId)}"]`);
      await backfillRow.waitFor();
      expect(await backfillRow.locator('td').nth(2).textContent()).toBe('backfill');
      const partitionRow = page.locator(`tr[data-workflow-id="${backfillRunWorkflowId(backfillId, '2026-11-03')}"]`);
      expect(await partitionRow.locator('td').nth(4).textContent()).toBe('2026-11-03');
      await backfillRow.getByRole('link', { name: `backfill ${backfillId}` }).click();
      await page.waitForSelector('[data-testid="backfill-status"]:text-is("success")');
    });
  });
});
