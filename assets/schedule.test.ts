import { asset } from './asset';
import { Definitions } from '../planning/definitions';
import { DefinitionError } from '../errors/errors';
import { schedule } from './schedule';

const rawSales = asset({ key: 'raw_sales', group: 'sales', compute: () => [1] });
const cleanedSales = asset({ key: 'cleaned_sales', group: 'sales', ins: { rawSales }, compute: ({ rawSales }) => rawSales });

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
};

test('a five-field cron in a time zone is described and fires at the right instants', () => {
  const s = schedule({ name: 'daily_sales', cron: '0 0 * * *', timezone: 'Europe/Paris', selection: 'group:sales' });
  expect(s.cronExpression).toBe('0 0 * * *');
  expect(s.cronDescription).toBe('At 00:00');
  expect(s.nextFireTimes(2, new Date('2026-07-01T12:00:00Z')).map((d) => d.toISOString())).toEqual(['2026-07-01T22:00:00.000Z', '2026-07-02T22:00:00.000Z']);
  expect(s.overlap).toBe('skip');
  expect(s.catchupWindowSeconds).toBe(60);
});

test.each([
  ['@hourly', '0 * * * *'],
  ['@daily', '0 0 * * *'],
  ['@weekly', '0 0 * * 0'],
  ['@monthly', '0 0 1 * *'],
])('alias %s becomes %s for Temporal', (cron, expression) => {
  expect(schedule({ name: 's', cron, selection: '*' }).cronExpression).toBe(expression);
});

test('the time zone is canonicalized and defaults to UTC', () => {
  expect(schedule({ name: 's', cron: '@daily', selection: '*' }).timezone).toBe('UTC');
  expect(schedule({ name: 's', cron: '@daily', timezone: 'america/new_york', selection: '*' }).timezone).toBe('America/New_York');
});

test.each([
  ['61 * * * *', /minute: 61/],
  ['0 0 * *', /has 4 fields: write five/],
  ['0 0 0 * * *', /has 6 fields/],
  ['0 0 L * *', /day-of-month field 'L' uses syntax Temporal does not take/],
  ['@every5m', /unknown cron alias '@every5m'/],
  ['', /five-field expression or an alias/],
])('invalid cron %j is a DefinitionError naming the schedule', (cron, message) => {
  const error = errorOf(() => schedule({ name: 'nightly', cron, selection: '*' }));
  expect(error).toBeInstanceOf(DefinitionError);
  expect(error.message).toMatch(/schedule 'nightly'/);
  expect(error.message).toMatch(message);
});

test('unknown time zone, bad name, bad policy and missing target are reported together', () => {
  const error = errorOf(() =>
    schedule({ name: 'bad name', cron: '@daily', timezone: 'Mars/Olympus_Mons', overlap: 'sometimes' as never, catchupWindowSeconds: 1 }),
  );
  expect(error).toBeInstanceOf(DefinitionError);
  const problems = (error as DefinitionError).problems.join('\n');
  expect(problems).toMatch(/unknown time zone "Mars\/Olympus_Mons"/);
  expect(problems).toMatch(/the name must start with a letter/);
  expect(problems).toMatch(/overlap must be one of skip, bufferOne/);
  expect(problems).toMatch(/catchupWindowSeconds must be at least 10/);
  expect(problems).toMatch(/give the assets to run \(selection\) or a job/);
});

test('Definitions rejects a schedule whose selection names unknown assets, with close matches', () => {
  const s = schedule({ name: 'daily', cron: '@daily', selection: 'raw_sale+' });
  const error = errorOf(() => new Definitions({ assets: [rawSales, cleanedSales], schedules: [s] }));
  expect(error).toBeInstanceOf(DefinitionError);
  expect(error.message).toMatch(/schedule 'daily' selects assets that are not in these Definitions/);
  expect(error.message).toMatch(/'raw_sales'/);
});

test('Definitions rejects a schedule that runs an unknown job, and duplicate names', () => {
  const job = schedule({ name: 'nightly', cron: '@daily', job: 'nightly_job' });
  const error = errorOf(() => new Definitions({ assets: [rawSales], schedules: [job, schedule({ name: 'nightly', cron: '@hourly', selection: '*' })] }));
  expect(error.message).toMatch(/schedule 'nightly' runs job 'nightly_job', which is not in these Definitions/);
  expect(error.message).toMatch(/schedule name 'nightly' is used twice/);
});

test('Definitions keeps valid schedules by name', () => {
  const s = schedule({ name: 'daily', cron: '@daily', selection: 'group:sales' });
  expect(new Definitions({ assets: [rawSales, cleanedSales], schedules: [s] }).schedules.get('daily')).toBe(s);
});
