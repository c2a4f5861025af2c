/**
 * Type-level tests of ops and jobs: checked by `tsc --noEmit` (part of `npm test`).
 */
import { expectTypeOf } from 'expect-type';
import type { DataFrame } from 'nodejs-polars';
import pl from 'nodejs-polars';
import { z } from 'zod';
import type { OpOutput } from './composition';
import { asset } from './asset';
import { job } from './job';
import { input, op } from './op';
import { resourceParam } from './resources';

const extract = op({ name: 'extract_t', compute: () => pl.DataFrame({ amount: [1] }).lazy() });
const count = op({ name: 'count_t', compute: () => 3 });
const transform = op({
  name: 'transform_t',
  ins: { salesDf: input<DataFrame>() },
  config: z.object({ minAmount: z.number().default(0) }),
  resources: { db: resourceParam<{ query(sql: string): Promise<number> }>() },
  compute: ({ salesDf, config, context }) => {
    expectTypeOf(salesDf).toEqualTypeOf<DataFrame>();
    expectTypeOf(config).toEqualTypeOf<{ minAmount: number }>();
    expectTypeOf(context.resources.db.query).returns.toEqualTypeOf<Promise<number>>();
    return salesDf.filter(pl.col('amount').gt(config.minAmount));
  },
});
const load = op({ name: 'load_t', ins: { salesDf: input<DataFrame>() }, compute: () => {} });

test('calling an op in a job gives its output typed; a LazyDataFrame arrives as a DataFrame', () => {
  job({
    name: 'typed_t',
    build: () => {
      const sales = extract();
      expectTypeOf(sales).toEqualTypeOf<OpOutput<DataFrame<{ amount: pl.Float64 }>>>();
      const transformed = transform({ salesDf: sales });
      expectTypeOf(transformed).toEqualTypeOf<OpOutput<DataFrame>>();
      expectTypeOf(load({ salesDf: transformed })).toEqualTypeOf<OpOutput<void>>();
    },
  });
});

test('a mismatched wiring is a type error', () => {
  // Types are erased at run time: only tsc can catch this one (the @ts-expect-error fails tsc if it does not).
  job({
    name: 'mismatched_t',
    build: () => {
      // @ts-expect-error count_t's output is a number, not a DataFrame
      transform({ salesDf: count() });
    },
  });
  expect(() =>
    job({
      name: 'missing_t',
      build: () => {
        // @ts-expect-error salesDf must be wired
        transform({});
      },
    }),
  ).toThrow(/input 'salesDf' is not wired/);
});

test('an op with no inputs is called with none; an undeclared input is a type error', () => {
  op({
    name: 'bad_t',
    ins: { salesDf: input<DataFrame>() },
    // @ts-expect-error `other` is not an input
    compute: ({ other }) => other,
  });
  expectTypeOf(extract).parameter(0).toEqualTypeOf<Record<string, never> | undefined>();
});

test('assets declare resources the same way and get them typed', () => {
  asset({
    key: 'with_resource_t',
    resources: { db: resourceParam<{ query(sql: string): Promise<number> }>() },
    compute: ({ context }) => {
      expectTypeOf(context.resources.db.query).returns.toEqualTypeOf<Promise<number>>();
      // @ts-expect-error only declared resources are there
      return context.resources.other;
    },
  });
});

test('an alias keeps the op types under its own name', () => {
  const again = transform.alias('transform_again_t');
  expectTypeOf(again.name).toEqualTypeOf<'transform_again_t'>();
  job({
    name: 'alias_types_t',
    build: () => {
      const once = transform({ salesDf: extract() });
      expectTypeOf(again({ salesDf: once })).toEqualTypeOf<OpOutput<DataFrame>>();
      // Never called: only its types are checked.
      // @ts-expect-error an alias takes the op's inputs, typed as the op's
      const wrong = () => again({ salesDf: count() });
      void wrong;
    },
  });
});
