/**
 * The runs whose histories are committed under test/histories/ and replayed in CI
 * (test/replay.test.ts). Each scenario drives real workers on a real dev server and returns
 * the workflow ids to export. Add a scenario here when a workflow gains a code path (a
 * schedule-started run, a sensor across continue-as-new, ...) and record it with
 * `npx tsx test/histories/record.ts <name>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { asset } from '../../assets/asset';
import { assetCheck } from '../../assets/asset-check';
import { Definitions } from '../../planning/definitions';
import type { RunWorkflowInput } from '../../contract/run';
import type { TemporalTarget } from '../../temporal/connection';
import { runResultOf, startRun } from '../../client/runs';
import { cleanedSales, rawSales, salesByCustomer, topCustomers } from '../../examples/sales/assets';
import { startSalesApi } from '../../examples/sales/sales-api';
import { createWorker } from '../../worker';
import { z } from 'zod';
import { schedule } from '../../assets/schedule';
import { sensor } from '../../assets/sensor';
import { deploySchedules } from '../../client/deploy';
import { backfillSchedule } from '../../client/schedules';
import { backfillWorkflowId, runWorkflowId, scheduleId, scheduledRunWorkflowId } from '../../contract/ids';
import { assetflowRun } from '../../workflows';
import { deploySensors } from '../../client/deploy-sensors';
import { sensorHandle } from '../../client/sensors';
import { dailySalesEtl } from '../../examples/sales/jobs';
import { dailyPartitions } from '../../assets/partitions';
import { startBackfill } from '../../client/backfills';
import { reexecuteRun } from '../../client/reexecute';
import { FAIL_FILE, reexecutionDefinitions } from '../fixtures/reexecution-definitions';

export interface RecordingEnv {
  client: Client;
  target: TemporalTarget;
  /** A task queue of this scenario's own. */
  taskQueue: string;
  /** A fresh storage root for this scenario's outputs. */
  storageRoot: string;
  workflowBundlePath: string;
}

export interface Scenario {
  /** The history file name (`<name>.json`; `<name>-<n>.json` when it spans several runs). */
  name: string;
  description: string;
  /**
   * Runs the scenario to completion; returns the workflows whose closed runs to export (with
   * how many closed runs to wait for, for a continue-as-new chain; default 1). A workflow that
   * never ends (a sensor) is stopped by the scenario, or only its closed runs are exported.
   */
  record(env: RecordingEnv): Promise<RecordedWorkflow[]>;
}

export type RecordedWorkflow = string | { workflowId: string; runs: number };

/** Runs `fn` while a worker for `definitions` polls the scenario's task queue. */
async function withWorker<T>(env: RecordingEnv, definitions: Definitions, fn: () => Promise<T>): Promise<T> {
  // Definitions built here, exported by no module: steps on the worker's thread.
  const worker = await createWorker({ definitions, target: env.target, taskQueue: env.taskQueue, workflowBundlePath: env.workflowBundlePath, stepThreads: false });
  return worker.runUntil(fn);
}

const salesDefinitions = (storageRoot: string) => new Definitions({ assets: [rawSales, cleanedSales, salesByCustomer, topCustomers], storageRoot });

/** Runs the sales pipeline against a local sales API that fails its first `failFirst` requests. */
async function recordSalesRun(env: RecordingEnv, failFirst: number) {
  const api = await startSalesApi({ rows: 200, failFirst });
  try {
    const definitions = salesDefinitions(env.storageRoot);
    const result = await withWorker(env, definitions, async () => {
      const run = await startRun(env.client, definitions, { runName: 'sales', taskQueue: env.taskQueue, runConfig: { ops: { raw_sales: { config: { apiUrl: api.url } } } } });
      return run.result();
    });
    expectStatus(result.status, 'success');
    return result;
  } finally {
    await api.close();
  }
}

/** The sales pipeline, every step succeeding on its first attempt. */
const successfulRun: Scenario = {
  name: 'successful-run',
  description: 'the sales pipeline, raw_sales → top_customers, all steps succeed',
  async record(env) {
    return [(await recordSalesRun(env, 0)).workflowId];
  },
};

/** The sales pipeline whose API fails its first request: raw_sales succeeds on its second attempt. */
const retriedAsset: Scenario = {
  name: 'retried-asset',
  description: 'the sales pipeline; the API answers 503 once, raw_sales is retried and succeeds',
  async record(env) {
    const result = await recordSalesRun(env, 1);
    if (result.steps[0].attempts !== 2) throw new Error(`expected raw_sales to succeed on attempt 2, got ${result.steps[0].attempts}`);
    return [result.workflowId];
  },
};

/** Two branches after a root; one fails after its retries and skips its downstream, the other finishes. */
const failedAsset: Scenario = {
  name: 'failed-asset',
  description: 'root → broken (fails twice) → after_broken (skipped), root → healthy (succeeds)',
  async record(env) {
    const root = asset({ key: 'root', compute: () => ({ n: 1 }) });
    const broken = asset({ key: 'broken', ins: { root }, retry: { maxAttempts: 2, initialIntervalSeconds: 0.1 }, compute: (): number => { throw new Error('source is down'); } });
    const afterBroken = asset({ key: 'after_broken', ins: { broken }, compute: ({ broken }) => broken + 1 });
    const healthy = asset({ key: 'healthy', ins: { root }, compute: ({ root }) => root.n * 2 });
    const definitions = new Definitions({ assets: [root, broken, afterBroken, healthy], storageRoot: env.storageRoot });
    const result = await withWorker(env, definitions, async () => (await startRun(env.client, definitions, { runName: 'branches', taskQueue: env.taskQueue })).result());
    expectStatus(result.status, 'failure');
    return [result.workflowId];
  },
};

/**
 * A run started by name, planned inside the workflow by the planRun activity: how schedules,
 * sensors and backfills start runs.
 */
const requestedRun: Scenario = {
  name: 'requested-run',
  description: 'a run requested by selection ({ request }), planned by the planRun activity',
  async record(env) {
    const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3] });
    const total = asset({ key: 'total', ins: { numbers }, compute: ({ numbers }) => numbers.reduce((a, b) => a + b, 0) });
    const definitions = new Definitions({ assets: [numbers, total], storageRoot: env.storageRoot });
    const input: RunWorkflowInput = { request: { selection: '*', trigger: 'manual', runName: 'numbers' } };
    const workflowId = runWorkflowId('numbers', `recorded-${Date.now()}`);
    const result = await withWorker(env, definitions, async () => {
      const handle = await env.client.workflow.start(assetflowRun, { taskQueue: env.taskQueue, workflowId, args: [input] });
      return runResultOf(handle);
    });
    expectStatus(result.status, 'success');
    return [workflowId];
  },
};

/** A run started by a Temporal Schedule (a backfilled interval): config from the scheduled time. */
const scheduleRun: Scenario = {
  name: 'schedule-run',
  description: 'a daily schedule backfilled for one day; runConfig(ctx) builds config from the scheduled date in planRun',
  async record(env) {
    const stamped = asset({ key: 'stamped', config: z.object({ day: z.string() }), compute: ({ config }) => ({ day: config.day }) });
    const daily = schedule({
      name: 'recorded_daily',
      cron: '0 0 * * *',
      selection: 'stamped',
      runConfig: ({ scheduledExecutionTime }) => ({ ops: { stamped: { config: { day: scheduledExecutionTime.toISOString().slice(0, 10) } } } }),
    });
    const definitions = new Definitions({ assets: [stamped], schedules: [daily], storageRoot: env.storageRoot });
    try {
      return await withWorker(env, definitions, async () => {
        await deploySchedules(env.client, definitions, { taskQueue: env.taskQueue });
        await backfillSchedule(env.client, definitions, daily.name, { from: new Date('2026-11-05T00:00:00Z'), to: new Date('2026-11-05T00:00:00Z') });
        const workflowId = await waitForWorkflow(env.client, `WorkflowId STARTS_WITH "${scheduledRunWorkflowId(daily.name)}-"`);
        const result = await runResultOf(env.client.workflow.getHandle(workflowId));
        expectStatus(result.status, 'success');
        return [workflowId];
      });
    } finally {
      await env.client.schedule.getHandle(scheduleId(daily.name)).delete().catch(() => undefined);
    }
  },
};

/** A sensor that continues as new every 2 evaluations, starting a child run per new item. */
const sensorContinueAsNew: Scenario = {
  name: 'sensor-continue-as-new',
  description: 'a sensor requesting 3 runs by run key over 4 evaluations, continuing as new every 2 evaluations',
  async record(env) {
    const item = asset({ key: 'item', config: z.object({ name: z.string() }), compute: ({ config }) => ({ name: config.name }) });
    const counter = sensor({
      name: 'recorded_counter',
      selection: 'item',
      minimumIntervalSeconds: 0.2,
      evaluate(ctx) {
        const n = Number(ctx.cursor ?? 0);
        if (n >= 3) return { skipReason: 'all 3 items requested' };
        ctx.cursor = String(n + 1);
        return [{ runKey: `item-${n + 1}`, runConfig: { ops: { item: { config: { name: `item-${n + 1}` } } } } }];
      },
    });
    const definitions = new Definitions({ assets: [item], sensors: [counter], storageRoot: env.storageRoot });
    const handle = sensorHandle(env.client, counter.name);
    return withWorker(env, definitions, async () => {
      await deploySensors(env.client, definitions, { taskQueue: env.taskQueue, maxEvaluationsPerRun: 2 });
      for (let i = 0; i < 200; i++) {
        const state = await handle.state().catch(() => undefined);
        if (state?.lastEvaluation?.skipReason === 'all 3 items requested') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await handle.handle.terminate('recording done');
      return [{ workflowId: handle.workflowId, runs: 2 }];
    });
  },
};

/** The guide's op job: extract_sales → transform_sales → load_to_warehouse (a warehouse standing in). */
const opJobRun: Scenario = {
  name: 'op-job-run',
  description: "the guide's daily_sales_etl op job, its small outputs passing through IO managers",
  async record(env) {
    const api = await startSalesApi({ rows: 50, failFirst: 0 });
    const loaded: unknown[] = [];
    try {
      const definitions = new Definitions({ jobs: [dailySalesEtl], resources: { warehouse: { upsert: async (args: { rows: { height: number } }) => { loaded.push(args); return { rows: args.rows.height }; } } }, storageRoot: env.storageRoot });
      const result = await withWorker(env, definitions, async () =>
        (await startRun(env.client, definitions, { job: 'daily_sales_etl', taskQueue: env.taskQueue, runConfig: { ops: { extract_sales: { config: { apiUrl: api.url } } } } })).result(),
      );
      if (result.status !== 'success') throw new Error(`op job failed: ${JSON.stringify(result.steps)}`);
      if (loaded.length !== 1) throw new Error(`expected one load into the warehouse, got ${loaded.length}`);
      return [result.workflowId];
    } finally {
      await api.close();
    }
  },
};

/** A backfill of 5 daily partitions, 2 per execution: three executions chained by continue-as-new. */
const backfillContinueAsNew: Scenario = {
  name: 'backfill-continue-as-new',
  description: 'a backfill of 5 partitions (a range, enumerated by the keys activity), 2 at once and 2 per execution: 3 executions by continue-as-new',
  async record(env) {
    const day = asset({ key: 'day', partitions: dailyPartitions({ start: '2026-01-01' }), compute: ({ context }) => ({ day: context.partitionKey! }) });
    const definitions = new Definitions({ assets: [day], storageRoot: env.storageRoot });
    const progress = await withWorker(env, definitions, async () => {
      const backfill = await startBackfill(env.client, definitions, {
        selection: 'day',
        from: '2026-01-01',
        to: '2026-01-05',
        maxConcurrent: 2,
        partitionsPerExecution: 2,
        backfillId: 'recorded-backfill',
        taskQueue: env.taskQueue,
      });
      return backfill.result();
    });
    expectStatus(progress.status, 'success');
    if (progress.succeeded !== 5 || progress.execution !== 3) throw new Error(`expected 5 partitions over 3 executions, got ${JSON.stringify(progress)}`);
    return [{ workflowId: backfillWorkflowId('recorded-backfill'), runs: 3 }];
  },
};

async function waitForWorkflow(client: Client, query: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    for await (const execution of client.workflow.list({ query })) return execution.workflowId;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no workflow matched ${query}`);
}

/**
 * Runs that record their start and end in the catalog (local activities, behind the
 * 'assetflow-runs-recorded-in-catalog' patch): one that fails (a failed attempt recorded too)
 * and one cancelled while its step runs (its end recorded in a non-cancellable scope).
 */
const catalogRuns: Scenario = {
  name: 'catalog-runs',
  description: 'a failing run and a cancelled run, each recording its start and end in the catalog',
  async record(env) {
    const broken = asset({ key: 'broken', retry: { maxAttempts: 1 }, compute: (): number => { throw new Error('source is down'); } });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const waits = asset({
      key: 'waits',
      heartbeatTimeoutSeconds: 2,
      compute: ({ context }) =>
        new Promise<number>((_resolve, reject) => {
          started();
          context.signal.addEventListener('abort', () => reject(context.signal.reason));
        }),
    });
    const definitions = new Definitions({ assets: [broken, waits], storageRoot: env.storageRoot });
    const [failed, cancelled] = await withWorker(env, definitions, async () => {
      const failed = await (await startRun(env.client, definitions, { selection: 'broken', runName: 'broken', taskQueue: env.taskQueue })).result();
      const handle = await startRun(env.client, definitions, { selection: 'waits', runName: 'waits', taskQueue: env.taskQueue });
      await running;
      await handle.handle.cancel();
      await handle.result().catch(() => undefined);
      return [failed, handle] as const;
    });
    expectStatus(failed.status, 'failure');
    const ended = await definitions.catalog.run(cancelled.runId);
    expectStatus(ended?.status ?? 'not recorded', 'cancelled');
    await definitions.dispose();
    return [failed.workflowId, cancelled.handle.workflowId];
  },
};

function expectStatus(actual: string, expected: string): void {
  if (actual !== expected) throw new Error(`the recorded run ended '${actual}', expected '${expected}'`);
}

/**
 * A 4-op job whose third op fails, then its re-execution from failure: the re-executed run's
 * plan has the failed and skipped ops only, with inputs read from the failed run (a stored op
 * output under its run id, a small one inline from its history) and the reused steps in its table.
 */
const reexecutedRun: Scenario = {
  name: 'reexecuted-run',
  description: 'the etl job of test/fixtures/reexecution-definitions.ts fails at aggregate, then is re-executed from failure (aggregate, publish)',
  async record(env) {
    const failFile = path.join(env.storageRoot, FAIL_FILE);
    fs.mkdirSync(env.storageRoot, { recursive: true });
    fs.writeFileSync(failFile, '');
    const definitions = reexecutionDefinitions(env.storageRoot);
    return withWorker(env, definitions, async () => {
      const failed = await (await startRun(env.client, definitions, { job: 'etl', runName: 'reexecuted', taskQueue: env.taskQueue })).result();
      expectStatus(failed.status, 'failure');
      fs.rmSync(failFile);
      const result = await (await reexecuteRun(env.client, definitions, failed.workflowId, { taskQueue: env.taskQueue })).result();
      expectStatus(result.status, 'success');
      if (result.steps.filter((s) => s.reusedFrom).length !== 2) throw new Error(`expected 2 reused steps, got ${JSON.stringify(result.steps)}`);
      return [result.workflowId];
    });
  },
};

/**
 * A run with asset checks: a blocking check that fails (its asset's downstream skipped, the run
 * failed naming it), a non-blocking one that fails, and one that passes, each its own activity.
 */
const checkedRun: Scenario = {
  name: 'checked-run',
  description: 'numbers with checks not_empty (passes), small (fails, not blocking) and sorted (fails, blocking): total skipped',
  async record(env) {
    const numbers = asset({
      key: 'numbers',
      compute: () => [3, 1, 2],
      checks: [
        { name: 'not_empty', blocking: true, compute: ({ value }) => ({ passed: value.length > 0, metadata: { rows: value.length } }) },
        { name: 'small', compute: ({ value }) => ({ passed: value.length > 5, severity: 'warn' }) },
      ],
    });
    const sorted = assetCheck({ asset: numbers, name: 'sorted', blocking: true, compute: ({ value }) => ({ passed: value.every((n, i) => i === 0 || value[i - 1] <= n) }) });
    const total = asset({ key: 'total', ins: { numbers }, compute: ({ numbers }) => numbers.reduce((a, b) => a + b, 0) });
    const definitions = new Definitions({ assets: [numbers, total], checks: [sorted], storageRoot: env.storageRoot });
    const result = await withWorker(env, definitions, async () => (await startRun(env.client, definitions, { runName: 'checked', taskQueue: env.taskQueue })).result());
    expectStatus(result.status, 'failure');
    const statuses = result.steps.map((s) => `${s.key}=${s.status}`).join(' ');
    if (statuses !== 'numbers=succeeded numbers:not_empty=succeeded numbers:small=succeeded numbers:sorted=failed total=skipped') throw new Error(`unexpected steps: ${statuses}`);
    return [result.workflowId];
  },
};

export const scenarios: Scenario[] = [successfulRun, failedAsset, retriedAsset, requestedRun, scheduleRun, sensorContinueAsNew, opJobRun, backfillContinueAsNew, catalogRuns, reexecutedRun, checkedRun];
