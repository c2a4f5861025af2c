/**
 * Two projects on one dev server, as two users would run them: each in its own folder with its
 * own package.json name, each with `assetflow worker` running and `assetflow deploy`,
 * `assetflow materialize --no-worker` and `assetflow schedules trigger` run from its folder,
 * none of them naming a task queue. Every run (started by hand, by its sensor, by its
 * schedule) is done by its own project's worker, and neither worker ever gets the other's steps
 * or sensors (the errors of the issue never appear).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runResultOf } from '../client/runs';
import { runsQuery } from '../client/schedules';
import { sensorHandle } from '../client/sensors';
import { scheduleId } from '../contract/ids';
import type { RunResult } from '../contract/run';
import { cliEnv, runCli, shareWorkflowBundle, startCli, type CliProcess } from './support/cli-process';
import { stopSensors } from './support/sensors';
import { connectTestEnv, tempStorage, testTarget, type TestEnv } from './support/temporal';

const ROOT = path.join(__dirname, '..');
const token = randomUUID().slice(0, 8);
const base = tempStorage('code-locations');
const marks = path.join(base, 'marks');
fs.mkdirSync(marks, { recursive: true });

interface Project {
  name: 'alpha' | 'beta';
  dir: string;
  packageName: string;
  taskQueue: string;
  schedule: string;
  sensor: string;
  worker?: CliProcess;
}

/** A project folder: package.json with its own name, and a Definitions module whose computes record which project's code ran where. */
function writeProject(name: Project['name']): Project {
  const dir = path.join(base, name);
  const packageName = `proj-${name}-${token}`;
  const schedule = `${name}_schedule_${token}`;
  const sensor = `${name}_sensor_${token}`;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: packageName, private: true, assetflow: { definitions: 'definitions.ts' } }, null, 2));
  fs.writeFileSync(
    path.join(dir, 'definitions.ts'),
    `import fs from 'node:fs';
import path from 'node:path';
import { asset, Definitions, schedule, sensor } from ${JSON.stringify(path.join(ROOT, 'index'))};

/** One file per step of a run: which project's code computed it, in which project's worker. */
function mark(runId: string, step: string): void {
  const file = path.join(${JSON.stringify(marks)}, runId + '-' + step + '.json');
  fs.writeFileSync(file, JSON.stringify({ code: ${JSON.stringify(name)}, worker: process.env.WORKER_PROJECT, step }));
}

// The same key in both projects: a step taken by the wrong worker would run the wrong code.
const report = asset({ key: 'report', compute: ({ context }) => { mark(context.runId, 'report'); return { project: ${JSON.stringify(name)} }; } });
// A key only this project has: the other worker would fail it with "there is no asset".
const own = asset({ key: ${JSON.stringify(`${name}_only`)}, ins: { report }, compute: ({ report, context }) => { mark(context.runId, ${JSON.stringify(`${name}_only`)}); return report; } });

export default new Definitions({
  assets: [report, own],
  schedules: [schedule({ name: ${JSON.stringify(schedule)}, cron: '0 0 1 1 *', selection: '*' })],
  sensors: [
    sensor({
      name: ${JSON.stringify(sensor)},
      selection: '*',
      minimumIntervalSeconds: 1,
      evaluate(ctx) {
        if (ctx.cursor) return { skipReason: 'requested its run already' };
        ctx.cursor = 'once';
        return [{ runKey: 'once' }];
      },
    }),
  ],
});
`,
  );
  shareWorkflowBundle(dir);
  return { name, dir, packageName, taskQueue: `assetflow-${packageName}`, schedule, sensor };
}

const projects = [writeProject('alpha'), writeProject('beta')];
const envOf = (p: Project) => cliEnv({ TEMPORAL_ADDRESS: testTarget().address, ASSETFLOW_STORAGE: path.join(p.dir, 'storage'), WORKER_PROJECT: p.name, ASSETFLOW_LOG_LEVEL: 'warn' });
const cli = (p: Project, ...args: string[]) => runCli(args, { cwd: p.dir, env: envOf(p) });

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(async () => {
  await stopSensors(env.client, projects.map((p) => p.sensor));
  for (const p of projects) await env.client.schedule.getHandle(scheduleId(p.schedule)).delete().catch(() => undefined);
  await Promise.all(projects.map((p) => p.worker?.stop()));
  await env?.close();
});

/** Polls (bounded) until `check` returns a value. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A run's result, its task queue, and which project's code and worker computed each of its steps. */
async function inspect(workflowId: string): Promise<{ result: RunResult; taskQueue: string; marks: { step: string; code: string; worker: string }[] }> {
  const handle = env.client.workflow.getHandle(workflowId);
  const result = await runResultOf(handle);
  const taskQueue = (await handle.describe()).taskQueue;
  const found = fs
    .readdirSync(marks)
    .filter((f) => f.startsWith(`${result.runId}-`))
    .map((f) => JSON.parse(fs.readFileSync(path.join(marks, f), 'utf8')) as { step: string; code: string; worker: string })
    .sort((a, b) => a.step.localeCompare(b.step));
  return { result, taskQueue, marks: found };
}

function expectOwnRun(p: Project, run: Awaited<ReturnType<typeof inspect>>): void {
  expect(run.taskQueue).toBe(p.taskQueue);
  expect(run.result.status).toBe('success');
  expect(run.result.steps.map((s) => [s.key, s.status])).toEqual([
    ['report', 'succeeded'],
    [`${p.name}_only`, 'succeeded'],
  ]);
  expect(run.marks).toEqual([
    { step: `${p.name}_only`, code: p.name, worker: p.name },
    { step: 'report', code: p.name, worker: p.name },
  ].sort((a, b) => a.step.localeCompare(b.step)));
  for (const s of run.result.steps) expect(s.location).toContain(path.join(p.dir, 'storage'));
}

test("two projects on one dev server: each project's runs, sensor runs and scheduled runs are done by its own worker only", async () => {
  // Both workers poll at once, each from its own folder, neither told a task queue.
  for (const p of projects) p.worker = startCli(['worker'], { cwd: p.dir, env: envOf(p) });
  await Promise.all(projects.map((p) => p.worker!.waitFor(/Worker polling it/)));
  for (const p of projects) expect(p.worker!.stdout()).toContain(`Task queue ${p.taskQueue} (from package.json name '${p.packageName}'`);

  // Deploy both (schedules and sensors), then run each by hand with no in-process worker.
  const deploys = await Promise.all(projects.map((p) => cli(p, 'deploy')));
  deploys.forEach((d, i) => {
    expect(d).toMatchObject({ status: 0 });
    expect(d.stdout).toContain(`Schedules on task queue '${projects[i].taskQueue}'`);
    expect(d.stdout).toContain(`started sensor ${projects[i].sensor}`);
  });
  const manual = await Promise.all(projects.map((p) => cli(p, 'materialize', '--select', '*', '--no-worker')));
  manual.forEach((m, i) => {
    expect(m.stdout).toContain(`Task queue ${projects[i].taskQueue}`);
    expect(m.stderr).not.toContain('No worker polls');
    expect(m.status).toBe(0);
  });
  const triggers = await Promise.all(projects.map((p) => cli(p, 'schedules', 'trigger', p.schedule)));
  triggers.forEach((t, i) => {
    expect(t.status).toBe(0);
    expect(t.stdout).toContain(`on task queue '${projects[i].taskQueue}'`);
    expect(t.stderr).not.toContain('No worker polls'); // its worker is polling
  });

  for (const [i, p] of projects.entries()) {
    const manualId = /Run (assetflow\/run\/\S+)/.exec(manual[i].stdout)![1];
    expectOwnRun(p, await inspect(manualId));

    const sensorRun = await eventually(`the run of ${p.sensor}`, async () => {
      const state = await sensorHandle(env.client, p.sensor).state();
      return state.recentRuns.find((r) => !r.deduped)?.workflowId;
    });
    expectOwnRun(p, await inspect(sensorRun));

    const scheduled = await eventually(`the run of ${p.schedule}`, async () => {
      for await (const execution of env.client.workflow.list({ query: runsQuery(p.schedule) })) return execution.workflowId;
      return undefined;
    });
    expectOwnRun(p, await inspect(scheduled));
  }

  // Neither worker was ever handed the other's steps or sensor.
  for (const p of projects) {
    const output = p.worker!.output();
    expect(output).not.toMatch(/there is no asset|is not in this worker's Definitions|Did you mean|UnknownSensor/);
    expect(output).not.toContain('taskToken');
  }
});
