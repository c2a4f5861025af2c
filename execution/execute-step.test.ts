/**
 * Ops go through the same executor and IO machinery as assets: the type-based default IO
 * manager (DataFrame → Parquet, plain values → JSON) under runs/<run id>/, and a user's own IO
 * manager under its key. Runs the steps of a plan in-process, in order, on real files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pl, { type DataFrame } from 'nodejs-polars';
import { Definitions } from '../planning/definitions';
import { executeStep } from './execute-step';
import type { IOManager } from '../storage/io-manager';
import { job } from '../assets/job';
import { rootLogger } from './logger';
import { input, op } from '../assets/op';

/** A user's IO manager: keeps values in memory, and says where they went. */
function memoryIOManager() {
  const values = new Map<string, unknown>();
  const manager: IOManager = {
    handleOutput: (context, value) => {
      values.set(`${context.runId}/${context.stepKey}`, value);
      return { location: `memory://${context.runId}/${context.stepKey}`, metadata: { kept: 'in memory' } };
    },
    loadInput: (context) => values.get(`${context.upstream.runId}/${context.upstream.stepKey}`),
  };
  return { manager, values };
}

const frame = op({ name: 'frame', compute: () => pl.DataFrame({ amount: [5, -1, 7] }) });
const total = op({ name: 'total', ins: { df: input<DataFrame>() }, compute: ({ df }) => ({ total: df.getColumn('amount').sum() as number }) });
const kept = op({ name: 'kept', ins: { summary: input<{ total: number }>() }, ioManagerKey: 'memory', compute: ({ summary }) => [summary.total, summary.total * 2] });
const last = op({ name: 'last', ins: { pair: input<number[]>() }, compute: ({ pair }) => pair.reduce((a, b) => a + b, 0) });
const pipeline = job({ name: 'pipeline', build: () => last({ pair: kept({ summary: total({ df: frame() }) }) }) });

async function runInProcess(definitions: Definitions, runId: string) {
  const outputs = [];
  for (const step of definitions.plan({ job: 'pipeline' }).steps) {
    outputs.push(
      await executeStep({ definitions, step, runId, attempt: 1, writerId: `${runId}/${step.key}`, log: rootLogger(), signal: new AbortController().signal }),
    );
  }
  return outputs;
}

test('op outputs: DataFrames to Parquet and values to JSON under runs/<run id>/, a user IO manager under its key', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-ops-'));
  const memory = memoryIOManager();
  const definitions = new Definitions({ jobs: [pipeline], ioManagers: { memory: memory.manager }, storageRoot: root });
  const [frameOut, totalOut, keptOut, lastOut] = await runInProcess(definitions, 'run1');
  expect(frameOut.location).toBe(path.join(root, 'runs', 'run1', 'frame.parquet'));
  expect(frameOut.rows).toBe(3);
  expect(totalOut.location).toBe(path.join(root, 'runs', 'run1', 'total.json'));
  expect(JSON.parse(fs.readFileSync(totalOut.location, 'utf8'))).toEqual({ total: 11 });
  expect(keptOut.location).toBe('memory://run1/kept');
  expect(keptOut.metadata).toEqual({ kept: 'in memory' });
  expect(memory.values.get('run1/kept')).toEqual([11, 22]);
  expect(fs.existsSync(path.join(root, 'runs', 'run1', 'kept.json'))).toBe(false);
  expect(lastOut.value).toBe(33);
  // Another run writes its own op outputs; the first run's stay as they were.
  await runInProcess(definitions, 'run2');
  expect(fs.readdirSync(path.join(root, 'runs')).sort()).toEqual(['run1', 'run2']);
});

test('an op that returns nothing stores no output', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-ops-'));
  const sink = op({ name: 'sink', compute: ({ context }) => void context.addOutputMetadata({ rows: 4 }) });
  const definitions = new Definitions({ jobs: [job({ name: 'only_sink', build: () => sink() })], storageRoot: root });
  const [step] = definitions.plan({ job: 'only_sink' }).steps;
  const out = await executeStep({ definitions, step, runId: 'r', attempt: 1, writerId: 'r/sink', log: rootLogger(), signal: new AbortController().signal });
  expect(out).toMatchObject({ location: '', rows: 4 });
  expect(fs.readdirSync(root)).toEqual([]);
});

describe('small op outputs ride inline under the cap', () => {
  const small = op({ name: 'small', compute: () => ({ total: 11 }) });
  const big = op({ name: 'big', compute: () => ({ text: 'x'.repeat(5000) }) });
  const consume = op({ name: 'consume', ins: { s: input<{ total: number }>(), b: input<{ text: string }>() }, compute: ({ s, b }) => s.total + b.text.length });
  const inlineJob = job({ name: 'inline_job', build: () => consume({ s: small(), b: big() }) });
  const exec = (definitions: Definitions, key: string, extra: object = {}) =>
    executeStep({
      definitions,
      step: definitions.plan({ job: 'inline_job' }).steps.find((s) => s.key === key)!,
      runId: 'r1',
      attempt: 1,
      writerId: `r1/${key}`,
      log: rootLogger(),
      signal: new AbortController().signal,
      inlineLimitBytes: 4096,
      ...extra,
    });

  test('a small JSON output is returned inline, not stored; a big one goes to its IO manager', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-inline-'));
    const definitions = new Definitions({ jobs: [inlineJob], storageRoot: root });
    const smallOut = await exec(definitions, 'small');
    expect(smallOut).toMatchObject({ location: 'inline', inline: { value: { total: 11 } }, metadata: { bytes: 12 } });
    const bigOut = await exec(definitions, 'big');
    expect(bigOut.inline).toBeUndefined();
    expect(bigOut.location).toBe(path.join(root, 'runs', 'r1', 'big.json'));
    expect(fs.readdirSync(path.join(root, 'runs', 'r1'))).toEqual(['big.json']);
    // Downstream: the inline value is used as is, the big one is loaded by its IO manager.
    const consumed = await exec(definitions, 'consume', { inlineInputs: { small: smallOut.inline } });
    expect(consumed.value).toBe(5011);
  });

  test('without an inline input the downstream step says what is missing', async () => {
    const definitions = new Definitions({ jobs: [inlineJob], storageRoot: fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-inline-')) });
    await exec(definitions, 'big');
    await expect(exec(definitions, 'consume')).rejects.toThrow(/'consume' needs input 's' from 'small'/);
  });

  test('an io_manager of your own is always used: nothing rides inline', async () => {
    const memory = memoryIOManager();
    const definitions = new Definitions({ jobs: [inlineJob], ioManagers: { io_manager: memory.manager } });
    const out = await exec(definitions, 'small');
    expect(out.inline).toBeUndefined();
    expect(memory.values.get('r1/small')).toEqual({ total: 11 });
  });
});
