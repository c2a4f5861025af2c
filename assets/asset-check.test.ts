import { DefinitionError } from '../errors/errors';
import { Definitions } from '../planning/definitions';
import { asset } from './asset';
import { assetCheck } from './asset-check';
import { staticPartitions } from './partitions';

const pass = () => ({ passed: true });
const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3], checks: [{ name: 'not_empty', blocking: true, compute: ({ value }) => ({ passed: value.length > 0 }) }] });
const total = asset({ key: 'total', ins: { numbers }, compute: ({ numbers }) => numbers.reduce((a, b) => a + b, 0) });

test('a check declared with its asset and one given to Definitions are both the asset’s checks, in that order', () => {
  const positive = assetCheck({ asset: numbers, name: 'positive', compute: ({ value }) => ({ passed: value.every((n) => n > 0), severity: 'warn' }) });
  const definitions = new Definitions({ assets: [numbers, total], checks: [positive] });
  expect(definitions.checks.get('numbers')!.map((c) => [c.name, c.blocking])).toEqual([
    ['not_empty', true],
    ['positive', false],
  ]);
  expect(definitions.getCheck('numbers', 'positive')).toBe(positive);
  expect(() => definitions.getCheck('numbers', 'postive')).toThrow(/asset 'numbers' has no check 'postive'\. Did you mean 'positive'\?/);
});

test('bad check names, a compute that is missing and two checks of one name on an asset fail at definition time, naming them', () => {
  expect(() => asset({ key: 'a', compute: () => 1, checks: [{ name: '1st', compute: pass }] })).toThrow(/asset check '1st' of asset 'a': check name '1st' may contain letters, digits and '_' only, and not start with a digit/);
  expect(() => assetCheck({ asset: numbers, name: 'has space', compute: pass })).toThrow(/check name 'has space'/);
  expect(() => assetCheck({ asset: numbers, name: 'x', compute: undefined as never })).toThrow(/asset check 'x' of asset 'numbers': compute must be a function/);
  expect(() => asset({ key: 'b', compute: () => 1, checks: [{ name: 'same', compute: pass }, { name: 'same', compute: pass }] })).toThrow(/asset 'b' has two checks named 'same'/);
  const again = assetCheck({ asset: numbers, name: 'not_empty', compute: pass });
  expect(() => new Definitions({ assets: [numbers, total], checks: [again] })).toThrow(/asset 'numbers' has two checks named 'not_empty'/);
});

test('a check of an asset that is not in the Definitions fails, naming both and a close match', () => {
  const orphan = assetCheck({ asset: 'numbres', name: 'fresh', compute: pass });
  const error = (() => {
    try {
      new Definitions({ assets: [numbers, total], checks: [orphan, { name: 'not a check' } as never] });
    } catch (err) {
      return err as DefinitionError;
    }
  })();
  expect(error).toBeInstanceOf(DefinitionError);
  expect(error!.problems).toEqual([
    "asset check 'fresh' checks asset 'numbres', which is not in these Definitions: add it to assets. Did you mean 'numbers'?",
    'checks[1] is not an asset check built by assetCheck()',
  ]);
});

test('checks are planned after their asset; downstream steps wait for blocking checks only; checks: only and skip', () => {
  const soft = assetCheck({ asset: numbers, name: 'soft', compute: pass });
  const definitions = new Definitions({ assets: [numbers, total], checks: [soft] });
  const plan = definitions.plan({ selection: '*' });
  expect(plan.steps.map((s) => [s.key, s.kind, s.upstream])).toEqual([
    ['numbers', 'asset', []],
    ['numbers:not_empty', 'check', ['numbers']],
    ['numbers:soft', 'check', ['numbers']],
    ['total', 'asset', ['numbers', 'numbers:not_empty']],
  ]);
  expect(plan.steps[1]).toMatchObject({ check: { assetKey: 'numbers', name: 'not_empty', blocking: true }, inputs: [{ name: 'value', from: 'numbers', fromAsset: true, ioManagerKey: 'io_manager' }] });
  // Checks of an asset not in the run: not planned.
  expect(definitions.plan({ selection: 'total' }).steps.map((s) => s.key)).toEqual(['total']);
  expect(definitions.plan({ selection: 'numbers', checks: 'only' }).steps.map((s) => [s.key, s.upstream])).toEqual([
    ['numbers:not_empty', []],
    ['numbers:soft', []],
  ]);
  expect(definitions.plan({ selection: '*', checks: 'skip' }).steps.map((s) => s.key)).toEqual(['numbers', 'total']);
  expect(() => definitions.plan({ selection: 'total', checks: 'only' })).toThrow(/no asset of selection "total" \(total\) has checks/);
});

test('a check term <asset>:<check> plans just that check; mixed with asset terms, the assets plus it; an unknown check names close ones', () => {
  const soft = assetCheck({ asset: numbers, name: 'soft', compute: pass });
  const definitions = new Definitions({ assets: [numbers, total], checks: [soft] });
  expect(definitions.plan({ selection: 'numbers:soft' })).toMatchObject({ runName: 'numbers:soft', steps: [{ key: 'numbers:soft', kind: 'check', upstream: [] }] });
  expect(definitions.plan({ selection: 'numbers:soft' }).steps).toHaveLength(1);
  expect(definitions.plan({ selection: 'total numbers:soft' }).steps.map((s) => [s.key, s.upstream])).toEqual([
    ['total', []],
    ['numbers:soft', []],
  ]);
  // With its asset in the run: after it, once.
  expect(definitions.plan({ selection: ['numbers', 'numbers:soft'] }).steps.map((s) => s.key)).toEqual(['numbers', 'numbers:not_empty', 'numbers:soft']);
  expect(definitions.plan({ selection: 'numbers numbers:soft', checks: 'skip' }).steps.map((s) => [s.key, s.upstream])).toEqual([
    ['numbers', []],
    ['numbers:soft', ['numbers']],
  ]);
  expect(definitions.plan({ selection: 'numbers:*' }).steps.map((s) => s.key)).toEqual(['numbers:not_empty', 'numbers:soft']);
  expect(() => definitions.plan({ selection: 'numbers:sfot' })).toThrow("Selection 'numbers:sfot': asset 'numbers' has no check 'sfot'. Did you mean 'soft'? Its checks: not_empty, soft.");
  expect(() => definitions.plan({ selection: 'total:soft' })).toThrow(/asset 'total' has no checks/);
  expect(() => definitions.plan({ selection: 'numbrs:soft' })).toThrow(/there is no asset 'numbrs' whose check to run\. Did you mean 'numbers'\?/);
  expect(() => definitions.plan({ selection: 'numbers:soft+' })).toThrow(/names an asset check .* takes no \+ or \* marks/);
});

test('checks alone of a partitioned asset need a partition key, as its materialization does', () => {
  const days = asset({ key: 'days', partitions: staticPartitions(['a', 'b']), compute: () => 1, checks: [{ name: 'ok', compute: pass }] });
  const definitions = new Definitions({ assets: [days] });
  expect(() => definitions.plan({ selection: 'days', checks: 'only' })).toThrow(/pass a partition key/);
  expect(definitions.plan({ selection: 'days', checks: 'only', partitionKey: 'b' })).toMatchObject({ partitionKey: 'b', steps: [{ key: 'days:ok' }] });
});

test("a check's value is typed from its asset's output (a compile-time test: tsc checks it)", () => {
  const typed = assetCheck({
    asset: numbers,
    name: 'typed',
    compute: ({ value }) => {
      const list: number[] = value;
      // @ts-expect-error numbers' value is number[], not a string
      const text: string = value;
      return { passed: list.length > 0 && text !== undefined };
    },
  });
  asset({
    key: 'labels',
    compute: () => ({ names: ['a'] }),
    // @ts-expect-error a check declared with its asset sees the asset's output ({ names }), which has no `rows`
    checks: [{ name: 'typed', compute: ({ value }) => ({ passed: value.rows > 0 }) }],
  });
  expect(typed.assetKey).toBe('numbers');
});
