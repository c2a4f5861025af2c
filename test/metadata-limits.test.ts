/**
 * Output metadata that cannot travel through Temporal (too large, a BigInt, a circular
 * structure) fails its step before the output is published, on the first attempt, with a
 * message saying what to fix: the file and the catalog both still hold the previous version.
 */
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { materialize } from '../client/runs';
import { Definitions } from '../planning/definitions';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const modes = ['fine', 'oversize', 'bigint', 'circular'] as const;

/** Metadata of each kind, added by the compute before it returns. */
function metadataOf(mode: (typeof modes)[number]): Record<string, unknown> {
  if (mode === 'oversize') return { dump: 'x'.repeat(10 * 1024 * 1024) };
  if (mode === 'bigint') return { total: 12345678901234567890n };
  if (mode === 'circular') {
    const node: Record<string, unknown> = { name: 'root' };
    node.self = node;
    return { tree: node };
  }
  return { note: 'fine' };
}

test('metadata that cannot travel fails the step before publishing, once, and leaves the previous version', async () => {
  const report = asset({
    key: 'report',
    config: z.object({ mode: z.enum(modes), version: z.number() }),
    retry: { maxAttempts: 3, initialIntervalSeconds: 0.1 },
    compute: ({ config, context }) => {
      context.addOutputMetadata(metadataOf(config.mode) as never);
      return pl.DataFrame({ version: [config.version] });
    },
  });
  const storage = tempStorage('metadata-limits');
  const definitions = new Definitions({ assets: [report], storageRoot: storage });
  const file = path.join(storage, 'report.parquet');
  const run = (mode: (typeof modes)[number], version: number) =>
    materialize(env.client, definitions, { taskQueue: env.taskQueue, runConfig: { ops: { report: { config: { mode, version } } } } });

  await withWorker(env, definitions, async () => {
    expect((await run('fine', 1)).status).toBe('success');
    const expected: Record<string, RegExp> = {
      oversize: /'report': output metadata is 10240\.\d KiB, over the 256 KiB/,
      bigint: /'report': output metadata \$\.total is a BigInt/,
      circular: /'report': output metadata \$\.tree\.self is a circular reference/,
    };
    for (const [mode, message] of Object.entries(expected)) {
      const result = await run(mode as (typeof modes)[number], 2);
      expect(result.status).toBe('failure');
      expect(result.steps[0]).toMatchObject({ key: 'report', status: 'failed' });
      expect(result.steps[0].error).toMatch(message);
      // Not retryable: one failed attempt in the catalog, not three.
      const failures = (await definitions.catalog.failures('report')).items.filter((f) => f.runId === result.runId);
      expect(failures.map((f) => f.attempt)).toEqual([1]);
      // The previous output is still the published one, and the catalog agrees.
      expect(pl.readParquet(file).getColumn('version').toArray()).toEqual([1]);
      const history = await definitions.catalog.history('report');
      expect(history).toHaveLength(1);
      expect(history[0].metadata).toMatchObject({ note: 'fine' });
    }
    expect(fs.readdirSync(storage).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
