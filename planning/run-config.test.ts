/**
 * Run config merging and limits: the prototype-pollution attack of the adversarial run (a job's
 * run config `{"__proto__": {"isAdmin": true}}` gave a compute `isAdmin: true`), and run config
 * too large to travel through Temporal, refused before anything is sent.
 */
import { z } from 'zod';
import { asset } from '../assets/asset';
import { defineAssetJob } from '../assets/asset-job';
import { RunConfigError, RunConfigTooLargeError } from '../errors/errors';
import { executeInProcess } from '../testkit/execute-in-process';
import { memoryIOManager } from '../testkit/memory-io-manager';
import { Definitions } from './definitions';
import { checkRunConfigSize, MAX_RUN_CONFIG_BYTES, mergeRunConfig } from './run-config';

/** An asset that records the config its compute saw, and a job giving it a default config. */
function adminDefinitions() {
  const seen: Record<string, unknown>[] = [];
  const report = asset({
    key: 'report',
    config: z.object({ title: z.string(), isAdmin: z.boolean().default(false) }),
    compute: ({ config }) => {
      seen.push({ ...config, isAdminRead: config.isAdmin });
      return 1;
    },
  });
  const reportJob = defineAssetJob({ name: 'report_job', selection: 'report', config: { ops: { report: { config: { title: 'weekly' } } } } });
  const definitions = new Definitions({ assets: [report], jobs: [reportJob], ioManagers: { io_manager: memoryIOManager() } });
  return { definitions, seen };
}

describe('the __proto__ attack', () => {
  // Exactly what the CLI hands over: JSON.parse makes `__proto__` an own key.
  const attacks = {
    'in the config': '{"ops": {"report": {"config": {"__proto__": {"isAdmin": true}}}}}',
    'in the step entry': '{"ops": {"report": {"__proto__": {"config": {"title": "x", "isAdmin": true}}}}}',
    'in the section': '{"ops": {"__proto__": {"report": {"config": {"isAdmin": true}}}}}',
    'at the top': '{"__proto__": {"ops": {"report": {"config": {"isAdmin": true}}}}}',
  };

  test.each(Object.entries(attacks))('%s: the plan is refused, naming the key, and no compute runs', async (_where, json) => {
    const { definitions, seen } = adminDefinitions();
    const runConfig = JSON.parse(json) as unknown;
    expect(() => definitions.plan({ job: 'report_job', runConfig })).toThrow(RunConfigError);
    expect(() => definitions.plan({ job: 'report_job', runConfig })).toThrow(/the key '__proto__' is refused in run config/);
    await expect(executeInProcess(definitions, { job: 'report_job', runConfig })).rejects.toThrow(RunConfigError);
    expect(seen).toEqual([]);
  });

  test('without the attack the job runs with its default config merged', async () => {
    const { definitions, seen } = adminDefinitions();
    await executeInProcess(definitions, { job: 'report_job' });
    expect(seen).toEqual([{ title: 'weekly', isAdmin: false, isAdminRead: false }]);
  });

  test.each([
    ['constructor', '{"ops": {"report": {"config": {"constructor": {"prototype": {"isAdmin": true}}}}}}'],
    ['prototype', '{"ops": {"report": {"config": {"prototype": {"isAdmin": true}}}}}'],
  ])('a %s key stays a plain key: the compute never sees isAdmin, no prototype changes', async (_key, json) => {
    const { definitions, seen } = adminDefinitions();
    await executeInProcess(definitions, { job: 'report_job', runConfig: JSON.parse(json) as unknown });
    expect(seen).toEqual([{ title: 'weekly', isAdmin: false, isAdminRead: false }]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('mergeRunConfig', () => {
  test('merges objects key by key; anything else given replaces the default', () => {
    expect(mergeRunConfig({ ops: { a: { config: { x: 1, y: 2 } } } }, { ops: { a: { config: { y: 3 } }, b: { config: {} } } })).toEqual({
      ops: { a: { config: { x: 1, y: 3 } }, b: { config: {} } },
    });
    expect(mergeRunConfig({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergeRunConfig({ a: 1 }, undefined)).toEqual({ a: 1 });
  });

  test('never sets a prototype: __proto__ stays an own key', () => {
    const merged = mergeRunConfig({ config: { title: 'weekly' } }, JSON.parse('{"config": {"__proto__": {"isAdmin": true}}}')) as { config: Record<string, unknown> };
    expect(Object.getPrototypeOf(merged.config)).toBe(Object.prototype);
    expect(merged.config.isAdmin).toBeUndefined();
    expect(Object.keys(merged.config)).toEqual(['title', '__proto__']);
    expect(JSON.stringify(merged)).toBe('{"config":{"title":"weekly","__proto__":{"isAdmin":true}}}');
  });

  test('never reads a prototype: constructor over an empty default is the given value', () => {
    const merged = mergeRunConfig({}, { constructor: { prototype: { isAdmin: true } } }) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(merged, 'constructor')?.value).toEqual({ prototype: { isAdmin: true } });
    expect(({} as { constructor: unknown }).constructor).toBe(Object);
  });
});

describe('run config size', () => {
  const { definitions } = adminDefinitions();
  const sized = (bytes: number) => ({ ops: { report: { config: { title: 'x'.repeat(bytes) } } } });
  const overhead = JSON.stringify(sized(0)).length;

  test('10 MB of run config is refused before anything is sent, stating the limit', () => {
    const attempt = () => definitions.plan({ selection: 'report', runConfig: sized(10 * 1024 * 1024) });
    expect(attempt).toThrow(RunConfigTooLargeError);
    expect(attempt).toThrow(/Run config is 10485\d+ bytes as JSON, over the limit of 262144 bytes \(256 KiB\)/);
    try {
      attempt();
    } catch (err) {
      expect((err as RunConfigTooLargeError).code).toBe('RUN_CONFIG_TOO_LARGE');
      expect((err as RunConfigTooLargeError).retryable).toBe(false);
    }
  });

  test('the limit counts UTF-8 bytes, and a config of exactly the limit passes', () => {
    expect(MAX_RUN_CONFIG_BYTES).toBe(256 * 1024);
    expect(() => checkRunConfigSize(sized(MAX_RUN_CONFIG_BYTES - overhead))).not.toThrow();
    expect(() => checkRunConfigSize(sized(MAX_RUN_CONFIG_BYTES - overhead + 1))).toThrow(RunConfigTooLargeError);
    // 'é' is 2 bytes: 150,000 of them are 300,000 bytes though only 150,000 characters.
    expect(() => checkRunConfigSize({ t: 'é'.repeat(150_000) })).toThrow(/300\d{3} bytes/);
  });

  test("a job's default config counts too, merged with the given one", () => {
    const big = asset({ key: 'big', config: z.object({ blob: z.string() }), compute: () => 1 });
    const bigJob = defineAssetJob({ name: 'big_job', selection: 'big', config: { ops: { big: { config: { blob: 'y'.repeat(MAX_RUN_CONFIG_BYTES) } } } } });
    const defs = new Definitions({ assets: [big], jobs: [bigJob], ioManagers: { io_manager: memoryIOManager() } });
    expect(() => defs.plan({ job: 'big_job' })).toThrow(RunConfigTooLargeError);
  });
});
