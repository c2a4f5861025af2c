import { z } from 'zod';
import { asset } from '../assets/asset';
import { Definitions } from './definitions';
import { DefinitionError, RunConfigError } from '../errors/errors';

const a = asset({ key: 'a', compute: () => 1 });
const b = asset({ key: 'b', ins: { a }, compute: ({ a }) => a + 1 });
const configured = asset({
  key: 'configured',
  config: z.object({ apiUrl: z.string().url(), timeoutSeconds: z.number().default(30) }),
  compute: ({ config }) => config.timeoutSeconds,
});

describe('asset() validates at definition time', () => {
  // Unsafe keys: see test/bad-input.test.ts.
  test('reserved input names are refused', () => {
    expect(() => asset({ key: 'x', ins: { config: a } as never, compute: () => 1 })).toThrow(/input name 'config' is reserved/);
  });
  test('a bad retry policy is refused', () => {
    expect(() => asset({ key: 'x', retry: { maxAttempts: 0 }, compute: () => 1 })).toThrow(/maxAttempts must be a whole number >= 1/);
    expect(() => asset({ key: 'x', retry: { initialIntervalSeconds: 10, maximumIntervalSeconds: 5 }, compute: () => 1 })).toThrow(/maximumIntervalSeconds \(5\) must be >= initialIntervalSeconds \(10\)/);
  });
});

describe('Definitions validates and names the assets involved', () => {
  test('duplicate keys', () => {
    expect(() => new Definitions({ assets: [a, asset({ key: 'a', compute: () => 2 })] })).toThrow(/asset key 'a' is defined twice/);
  });
  test('unknown dependency, with a suggestion', () => {
    const c = asset({ key: 'c', deps: ['bb'], compute: () => 1 });
    expect(() => new Definitions({ assets: [a, b, c] })).toThrow(/asset 'c' depends on 'bb'.*Did you mean 'b'/);
  });
  test('an upstream asset missing from the Definitions', () => {
    expect(() => new Definitions({ assets: [b] })).toThrow(/asset 'b' depends on 'a', which is not in these Definitions/);
  });
  // Cycles: see test/bad-input.test.ts.
  test('an unknown IO manager key', () => {
    const p = asset({ key: 'p', ioManagerKey: 'parquett', compute: () => 1 });
    expect(() => new Definitions({ assets: [p] })).toThrow(/uses IO manager 'parquett'.*Did you mean 'parquet'/);
  });
  test('every problem is reported at once', () => {
    try {
      new Definitions({ assets: [b, asset({ key: 'q', ioManagerKey: 'nope', compute: () => 1 })] });
      throw new Error('expected a DefinitionError');
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionError);
      expect((err as DefinitionError).problems).toHaveLength(2);
    }
  });
});

describe('Definitions.plan', () => {
  const defs = new Definitions({ assets: [a, b, configured] });
  test('steps come in dependency order with upstream inside the plan', () => {
    const plan = defs.plan({ selection: 'b', runConfig: {} });
    expect(plan.steps.map((s) => s.key)).toEqual(['b']);
    expect(plan.steps[0].upstream).toEqual([]);
    expect(plan.steps[0].inputs).toEqual([{ name: 'a', from: 'a', ioManagerKey: 'io_manager', fromAsset: true }]);
    expect(defs.plan({ selection: '+b' }).steps.map((s) => [s.key, s.upstream])).toEqual([['a', []], ['b', ['a']]]);
  });
  test('validated config with defaults goes into the plan', () => {
    const plan = defs.plan({ selection: 'configured', runConfig: { ops: { configured: { config: { apiUrl: 'http://x.test/s' } } } } });
    expect(plan.steps[0].config).toEqual({ apiUrl: 'http://x.test/s', timeoutSeconds: 30 });
  });
  test('bad config is refused with the zod path of each bad field', () => {
    const bad = () => defs.plan({ selection: 'configured', runConfig: { ops: { configured: { config: { apiUrl: 'not a url', timeoutSeconds: 'soon' } } } } });
    expect(bad).toThrow(RunConfigError);
    expect(bad).toThrow(/ops\.configured\.config\.apiUrl: .*URL/i);
    expect(bad).toThrow(/ops\.configured\.config\.timeoutSeconds: .*number/i);
  });
  test('missing required config is refused', () => {
    expect(() => defs.plan({ selection: 'configured' })).toThrow(/ops\.configured\.config\.apiUrl/);
  });
  test('config for an unknown step names close matches', () => {
    expect(() => defs.plan({ selection: 'a', runConfig: { ops: { aa: { config: {} } } } })).toThrow(/ops\.aa: there is no asset or op 'aa'\. Did you mean 'a'/);
  });
  test('config for an asset that takes none is refused', () => {
    expect(() => defs.plan({ selection: 'a', runConfig: { ops: { a: { config: { x: 1 } } } } })).toThrow(/ops\.a\.config: 'a' takes no config/);
  });
  test('an unknown section is refused', () => {
    expect(() => defs.plan({ selection: 'a', runConfig: { opz: {} } })).toThrow(/opz: unknown section/);
  });
});
