/**
 * What a user sees, with output going to a pipe (a file, CI), not a terminal: `npm start`'s
 * script and `assetflow materialize` print progress, the step table, the result and links; the
 * deliberate 503 is one line (`raw_sales attempt 1 failed: …; retrying in 1 s`), never the
 * SDK's `Activity failed` dump with its task token; no ANSI escapes unless FORCE_COLOR asks;
 * `--log-format json` makes every log line a JSON object.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { startSalesApi, type SalesApi } from '../examples/sales/sales-api';
import { cliEnv, runCli } from './support/cli-process';
import { tempStorage, testTarget } from './support/temporal';

const ROOT = path.join(__dirname, '..');
const ANSI = /\x1b\[/; // eslint-disable-line no-control-regex
const RETRY_LINE = /raw_sales attempt 1 failed: sales API answered 503 Service Unavailable for http:\/\/127\.0\.0\.1:\d+\/sales; retrying in 1 s/;

/** The environment of a user's shell pointed at the suite's server, with a task queue of its own (jest runs files side by side). */
const userEnv = (extra: Record<string, string | undefined> = {}) =>
  cliEnv({ TEMPORAL_ADDRESS: testTarget().address, TEMPORAL_UI_URL: 'http://localhost:8233', ASSETFLOW_TASK_QUEUE: `console-${randomUUID()}`, ASSETFLOW_STORAGE: tempStorage('console'), CI: undefined, ...extra });

/** `npm start` (examples/sales/main.ts under tsx), stdout and stderr to pipes. */
function npmStart(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'examples', 'sales', 'main.ts'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('npm start on a pipe: progress, table, result and link; the failed attempt is one line; no task token, no ANSI escapes', async () => {
  const { status, stdout, stderr } = await npmStart([], userEnv());
  const all = `${stdout}\n${stderr}`;
  expect(status).toBe(0);
  expect(stdout).toMatch(/Task queue console-\S+ \(from ASSETFLOW_TASK_QUEUE\)/);
  expect(stdout).toMatch(/Materializing raw_sales → cleaned_sales → sales_by_customer → top_customers/);
  expect(stdout).toMatch(/✓ raw_sales succeeded {2}2000 rows {2}[\d.]+ s {2}attempt 2/);
  expect(stdout).toMatch(/│ step +│ status +│ rows │ seconds │ attempts │ output +│/);
  expect(stdout).toContain('run sales: success');
  expect(stdout).toContain('Top customers:');
  expect(stdout).toMatch(/See the run in Temporal Web: http:\/\/localhost:8233\/namespaces\/default\/workflows\/assetflow%2Frun%2Fsales%2F/);
  expect(stderr).toMatch(RETRY_LINE);
  // The one line, alone on its line: no JSON object, no stack under it.
  const retry = stderr.split('\n').filter((l) => RETRY_LINE.test(l));
  expect(retry).toHaveLength(1);
  expect(retry[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: raw_sales attempt 1 failed: .*; retrying in 1 s$/);
  expect(all).not.toContain('taskToken');
  expect(all).not.toContain('Activity failed');
  expect(all).not.toMatch(/^\s+at /m); // no stack trace
  expect(all).not.toMatch(ANSI);
});

test('npm start -- --log-format json: every log line on stderr is a JSON object; the failed attempt carries its step and attempt', async () => {
  const { status, stderr } = await npmStart(['--log-format', 'json'], userEnv());
  expect(status).toBe(0);
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines.length).toBeGreaterThan(0);
  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const retry = entries.find((e) => typeof e.msg === 'string' && RETRY_LINE.test(e.msg));
  expect(retry).toMatchObject({ level: 40, step: 'raw_sales', attempt: 1, retryInMs: 1000, runId: expect.any(String) });
  expect(stderr).not.toContain('taskToken');
});

describe('assetflow materialize', () => {
  let api: SalesApi;
  beforeEach(async () => {
    api = await startSalesApi({ failFirst: 1 });
  });
  afterEach(() => api.close());
  const materialize = (env: NodeJS.ProcessEnv) =>
    runCli(['materialize', '--select', 'group:sales', '--defs', path.join(ROOT, 'examples', 'sales', 'definitions.ts'), '--config', JSON.stringify({ ops: { raw_sales: { config: { apiUrl: api.url } } } })], { cwd: ROOT, env });

  test('FORCE_COLOR=1 colours a pipe (the check above can see escapes); still one line per failed attempt', async () => {
    const { status, stdout, stderr } = await materialize(userEnv({ FORCE_COLOR: '1' }));
    expect(status).toBe(0);
    expect(stdout).toMatch(ANSI);
    expect(stderr).toMatch(ANSI);
    expect(stderr.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(RETRY_LINE); // eslint-disable-line no-control-regex
    expect(`${stdout}${stderr}`).not.toContain('taskToken');
  });

  test('ASSETFLOW_LOG_LEVEL=error quiets the warnings, assetflow\'s and the SDK\'s; the result is still printed', async () => {
    const { status, stdout, stderr } = await materialize(userEnv({ ASSETFLOW_LOG_LEVEL: 'error' }));
    expect(status).toBe(0);
    expect(stdout).toContain('run group:sales: success');
    expect(stderr).not.toMatch(/WARN/);
    expect(stderr).not.toMatch(/attempt 1 failed/);
  });
});
