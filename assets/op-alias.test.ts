/**
 * `op.alias(name)`: one op used twice in a job, each use its own step, config section and
 * output; collisions are definition-time errors naming both.
 */
import { z } from 'zod';
import { Definitions } from '../planning/definitions';
import { job } from './job';
import { input, op } from './op';

const fetchCount = op({ name: 'fetch_count', config: z.object({ n: z.number() }), compute: ({ config }) => config.n });
const add = op({ name: 'add', ins: { left: input<number>(), right: input<number>() }, compute: ({ left, right }) => left + right });

test('an alias is the same op under its own name; asking twice gives the same definition', () => {
  const second = fetchCount.alias('fetch_other');
  expect(second.name).toBe('fetch_other');
  expect(second.aliasOf).toBe('fetch_count');
  expect(second.compute).toBe(fetchCount.compute);
  expect(second.config).toBe(fetchCount.config);
  expect(fetchCount.alias('fetch_other')).toBe(second);
  expect(second.alias('fetch_third').aliasOf).toBe('fetch_count');
});

test('a job using one op twice plans two steps with their own keys and config sections', () => {
  const twice = job({ name: 'twice', build: () => add({ left: fetchCount(), right: fetchCount.alias('fetch_other')() }) });
  expect(twice.nodes.map((n) => [n.name, n.inputs])).toEqual([
    ['fetch_count', {}],
    ['fetch_other', {}],
    ['add', { left: 'fetch_count', right: 'fetch_other' }],
  ]);
  const definitions = new Definitions({ jobs: [twice] });
  const plan = definitions.plan({ job: 'twice', runConfig: { ops: { fetch_count: { config: { n: 1 } }, fetch_other: { config: { n: 2 } } } } });
  expect(plan.steps.map((s) => [s.key, s.config, s.upstream])).toEqual([
    ['fetch_count', { n: 1 }, []],
    ['fetch_other', { n: 2 }, []],
    ['add', undefined, ['fetch_count', 'fetch_other']],
  ]);
  // The alias's config section is checked on its own.
  expect(() => definitions.plan({ job: 'twice', runConfig: { ops: { fetch_count: { config: { n: 1 } } } } })).toThrow(/ops\.fetch_other\.config/);
});

test('calling an op twice without an alias says to alias it', () => {
  expect(() => job({ name: 'bad', build: () => add({ left: fetchCount(), right: fetchCount() }) })).toThrow(
    "job 'bad': op 'fetch_count' is called twice; each op runs once per job: call fetch_count.alias('<another name>') for a second use",
  );
});

test('an alias colliding with another op or alias names both', () => {
  const other = op({ name: 'fetch_other', compute: () => 5 });
  expect(() => job({ name: 'bad', build: () => add({ left: other(), right: fetchCount.alias('fetch_other')() }) })).toThrow(
    "job 'bad': alias 'fetch_other' of op 'fetch_count' collides with op 'fetch_other' (both are named 'fetch_other')",
  );
  const a = job({ name: 'job_a', build: () => add.alias('combine')({ left: fetchCount(), right: fetchCount.alias('f2')() }) });
  const b = job({ name: 'job_b', build: () => other.alias('combine')() });
  expect(() => new Definitions({ jobs: [a, b] })).toThrow(
    "op name 'combine' is used by two different ops (alias 'combine' of op 'add' in job 'job_a', alias 'combine' of op 'fetch_other' in job 'job_b'): rename one",
  );
  expect(() => fetchCount.alias('fetch_count')).toThrow(/alias 'fetch_count' is the op's own name/);
  expect(() => fetchCount.alias('bad name')).toThrow(/alias 'bad name' of op 'fetch_count': an op name may contain letters/);
});
