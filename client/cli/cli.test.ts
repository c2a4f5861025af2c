/** `assetflow run --job` as a user runs it: bad input fails before anything connects to Temporal. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
// The CLI runs as the user runs it: bin/assetflow.js under node.
const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'assetflow.js'), 'run', '--defs', path.join(root, 'examples', 'sales', 'definitions.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1' },
  });
  return { status: result.status, stderr: result.stderr };
};

test('an unknown job is named, with close matches and the known jobs', () => {
  expect(run('--job', 'daily_sales')).toEqual({ status: 1, stderr: "there is no job 'daily_sales'. Did you mean 'daily_sales_etl'? Jobs: daily_sales_etl, sales_job\n" });
});

test('bad run config for a job lists every problem with its path', () => {
  const { status, stderr } = run('--job', 'daily_sales_etl', '--config', '{"ops":{"extract_sales":{"config":{"timeoutSeconds":"x"}},"extract":{}}}');
  expect(status).toBe(1);
  expect(stderr).toBe(
    [
      'Invalid run config:',
      "  - ops.extract: there is no asset or op 'extract'. Did you mean 'extract_sales'?",
      '  - ops.extract_sales.config.apiUrl: Invalid input: expected string, received undefined',
      '  - ops.extract_sales.config.timeoutSeconds: Invalid input: expected number, received string',
      '',
    ].join('\n'),
  );
});

/** `assetflow backfill start` on the sales example (its jobs: the op job daily_sales_etl, the asset job sales_job). */
const backfillStart = (...args: string[]) => {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'assetflow.js'), 'backfill', 'start', '--defs', path.join(root, 'examples', 'sales', 'definitions.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1' },
  });
  return { status: result.status, stderr: result.stderr };
};

test('backfill start takes exactly one of --select and --job', () => {
  const message = 'give exactly one of --select <selection> or --job <name>: what to backfill\n';
  expect(backfillStart()).toEqual({ status: 1, stderr: message });
  expect(backfillStart('--select', 'raw_sales', '--job', 'sales_job')).toEqual({ status: 1, stderr: message });
});

test('backfill start --job of an op job says that ops have no partitions', () => {
  const { status, stderr } = backfillStart('--job', 'daily_sales_etl');
  expect(status).toBe(1);
  expect(stderr).toMatch(/^job 'daily_sales_etl' has no partitioned assets: it is an op job, and ops have no partitions/);
});
