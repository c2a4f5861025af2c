import { asset } from '../assets/asset';
import { materializeToMemory } from '../testkit/execute-in-process';

const rowsOf = (result: Awaited<ReturnType<typeof materializeToMemory>>) => Object.fromEntries(result.steps.map((s) => [s.key, [s.status, s.error ?? '']]));

test("a check reads its asset's stored value; a blocking error failure skips the downstream, a warn one does not", async () => {
  const seen: unknown[] = [];
  const numbers = asset({
    key: 'numbers',
    compute: () => [3, 1],
    checks: [
      { name: 'sorted', blocking: true, compute: ({ value, context }) => (seen.push(value, context.assetKey, context.checkName), { passed: value[0] <= value[1] }) },
      { name: 'small', blocking: true, compute: ({ value }) => ({ passed: value.length > 5, severity: 'warn', metadata: { n: value.length } }) },
    ],
  });
  const total = asset({ key: 'total', ins: { numbers }, compute: ({ numbers }) => numbers.length });
  const result = await materializeToMemory([numbers, total]);
  expect(seen).toEqual([[3, 1], 'numbers', 'sorted']);
  expect(rowsOf(result)).toEqual({
    numbers: ['succeeded', ''],
    'numbers:sorted': ['failed', 'check numbers:sorted failed (severity error, blocking)'],
    'numbers:small': ['succeeded', 'check numbers:small failed (severity warn, blocking)'],
    total: ['skipped', "upstream 'numbers:sorted' failed"],
  });
  expect(result.success).toBe(false);
});

test('a check that returns something other than { passed } fails its step, saying what to return', async () => {
  const numbers = asset({ key: 'numbers', compute: () => [1], checks: [{ name: 'sloppy', compute: () => ({ passed: 'yes' }) as never }, { name: 'bad_severity', compute: () => ({ passed: false, severity: 'fatal' }) as never }] });
  const result = await materializeToMemory([numbers], { retries: false });
  expect(rowsOf(result)['numbers:sloppy']).toEqual(['failed', `InvalidCheckResultError: check 'numbers:sloppy' returned passed: "yes": return { passed: true | false, severity?: 'error' | 'warn', metadata?: {...} }`]);
  expect(rowsOf(result)['numbers:bad_severity'][1]).toMatch(/returned severity: "fatal"/);
});
