/**
 * A worker killed (SIGKILL) in the middle of a sensor evaluation, on the real dev server: a new
 * worker retries the evaluation from the committed cursor; no run is lost, none is duplicated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { deploySensors } from '../client/deploy-sensors';
import { blockingFileSensorDefinitions } from './fixtures/blocking-file-sensor';
import { stopSensors, uniqueSensorName, waitForSensor } from './support/sensors';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

function startWorkerProcess(dir: string, sensorName: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'sensor-worker.ts')], {
    cwd: path.join(__dirname, '..'),
    env: {
      ...process.env,
      FIXTURE_DIR: dir,
      SENSOR_NAME: sensorName,
      TEMPORAL_ADDRESS: env.target.address,
      ASSETFLOW_TASK_QUEUE: env.taskQueue,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker ready')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, ready };
}

async function waitForFile(dir: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = fs.readdirSync(dir).find((f) => pattern.test(f));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no file matching ${pattern} appeared in ${dir}`);
}

test('killing the worker during an evaluation loses no run, duplicates none, and keeps the cursor right', async () => {
  const dir = tempStorage('sensor-crash');
  const incoming = path.join(dir, 'incoming');
  fs.mkdirSync(incoming);
  fs.writeFileSync(path.join(incoming, '001.csv'), 'id\n1\n');
  fs.writeFileSync(path.join(incoming, '002.csv'), 'id\n2\n');
  const name = uniqueSensorName('crash');
  const definitions = blockingFileSensorDefinitions(dir, name);
  const doomed = startWorkerProcess(dir, name);
  try {
    await doomed.ready;
    await deploySensors(env.client, definitions, { taskQueue: env.taskQueue });
    // The first evaluation is running in the child process, blocked on the gate: kill it there.
    await waitForFile(dir, /^evaluating-1-/);
    const exited = new Promise((resolve) => doomed.child.once('exit', resolve));
    doomed.child.kill('SIGKILL');
    await exited;
    fs.writeFileSync(path.join(dir, 'gate'), '');

    await withWorker(env, definitions, async () => {
      const state = await waitForSensor(env.client, name, (s) => s.cursor === '002.csv' && s.runsStarted === 2);
      expect(state.runsDeduped).toBe(0);
      expect(state.recentRuns.map((r) => r.runKey)).toEqual(['001.csv', '002.csv']);
      // The evaluation was retried by Temporal (attempt 2, from the same committed cursor: none).
      const retried = await waitForFile(dir, /^evaluating-2-/);
      expect(fs.readFileSync(path.join(dir, retried), 'utf8')).toBe('');

      // A new file afterwards: only it is requested, from the cursor the sensor kept.
      fs.writeFileSync(path.join(incoming, '003.csv'), 'id\n3\n');
      const after = await waitForSensor(env.client, name, (s) => s.cursor === '003.csv');
      expect(after).toMatchObject({ runsStarted: 3, runsDeduped: 0 });

      const names = async () => (await definitions.catalog.history('item')).map((r) => r.metadata.name).sort();
      for (let i = 0; i < 300 && (await names()).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await names()).toEqual(['001.csv', '002.csv', '003.csv']);
    });
  } finally {
    if (doomed.child.exitCode === null && doomed.child.signalCode === null) doomed.child.kill('SIGKILL');
    await stopSensors(env.client, [name]);
  }
});
