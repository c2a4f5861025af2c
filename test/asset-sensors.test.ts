/**
 * Asset sensors on the real dev server: a run materializing a watched asset signals the sensor,
 * which receives the materialization record and starts the downstream run.
 */
import { z } from 'zod';
import { asset } from '../assets/asset';
import type { MaterializationRecord } from '../contract/materialization';
import { Definitions } from '../planning/definitions';
import { assetSensor } from '../assets/sensor';
import { deploySensors } from '../client/deploy-sensors';
import { runResultOf, startRun } from '../client/runs';
import { sensorRunWorkflowId } from '../contract/ids';
import { stopSensors, uniqueSensorName, waitForSensor } from './support/sensors';
import { connectTestEnv, tempStorage, withWorker, type TestEnv } from './support/temporal';

let env: TestEnv;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.close());

const upstream = asset({
  key: 'upstream',
  config: z.object({ batch: z.string() }),
  compute: ({ config, context }) => {
    context.addOutputMetadata({ batch: config.batch });
    return { batch: config.batch };
  },
});
const downstream = asset({ key: 'downstream', ins: { upstream }, compute: ({ upstream }) => ({ from: upstream.batch }) });
const unwatched = asset({ key: 'unwatched', compute: () => 1 });

test('materializing a watched asset wakes the sensor with the record, which starts the downstream run', async () => {
  const name = uniqueSensorName('on-upstream');
  const seen: MaterializationRecord[][] = [];
  const latest: Array<MaterializationRecord | undefined> = [];
  const onUpstream = assetSensor({
    name,
    assetKeys: ['upstream'],
    selection: 'downstream',
    heartbeatTimeoutSeconds: 5,
    async evaluate(ctx) {
      seen.push([...ctx.materializations]);
      latest.push(await ctx.latestMaterialization('upstream'));
      return ctx.materializations.map((m) => ({ runKey: `upstream:${m.runId}`, tags: { batch: String(m.metadata.batch) } }));
    },
  });
  const definitions = new Definitions({ assets: [upstream, downstream, unwatched], sensors: [onUpstream], storageRoot: tempStorage('asset-sensor') });
  try {
    await withWorker(env, definitions, async () => {
      await deploySensors(env.client, definitions, { taskQueue: env.taskQueue });
      // Asset sensors do not poll: with nothing materialized, nothing is evaluated.
      const idle = await waitForSensor(env.client, name, () => true);
      expect(idle.evaluations).toBe(0);
      expect(idle.nextEvaluationAt).toBeUndefined();

      // An unrelated asset does not wake it.
      await (await startRun(env.client, definitions, { selection: 'unwatched', taskQueue: env.taskQueue })).result();

      const run = await startRun(env.client, definitions, { selection: 'upstream', taskQueue: env.taskQueue, runConfig: { ops: { upstream: { config: { batch: 'b1' } } } } });
      const result = await run.result();
      expect(result.status).toBe('success');
      const state = await waitForSensor(env.client, name, (s) => s.runsStarted === 1);
      expect(state.evaluations).toBe(1);
      expect(state.pendingEvents).toBe(0);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toHaveLength(1);
      expect(seen[0][0]).toMatchObject({ assetKey: 'upstream', runId: result.runId, workflowId: run.workflowId, metadata: { batch: 'b1' } });
      expect(latest[0]).toMatchObject({ assetKey: 'upstream', runId: result.runId });

      const downstreamRun = env.client.workflow.getHandle(sensorRunWorkflowId(name, `upstream:${result.runId}`));
      const downstreamResult = await runResultOf(downstreamRun);
      expect(downstreamResult.steps.map((s) => [s.key, s.status])).toEqual([['downstream', 'succeeded']]);
      const description = await downstreamRun.describe();
      expect(description.typedSearchAttributes.get({ name: 'AssetflowTrigger', type: 'KEYWORD' } as never)).toBe('sensor');
      expect(await definitions.catalog.latest('downstream')).toMatchObject({ runId: downstreamResult.runId, workflowId: downstreamRun.workflowId });
    });
  } finally {
    await stopSensors(env.client, [name]);
  }
});

test('an asset sensor validates the assets it watches', () => {
  const s = assetSensor({ name: 'watches_nothing_known', assetKeys: ['upstrem'], selection: 'downstream' });
  expect(() => new Definitions({ assets: [upstream, downstream], sensors: [s] })).toThrow(/asset sensor 'watches_nothing_known' watches 'upstrem', which is not an asset/);
  expect(() => assetSensor({ name: 'empty', assetKeys: [] })).toThrow(/assetKeys must be a non-empty list/);
});
