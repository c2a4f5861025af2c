/**
 * Type-level tests of multi-assets: checked by `tsc --noEmit` (part of `npm test`). Each out is
 * typed for its downstream by what the compute returns under its name.
 */
import { expectTypeOf } from 'expect-type';
import pl, { type DataFrame } from 'nodejs-polars';
import { z } from 'zod';
import { asset, type OutputOf } from './asset';
import { multiAsset } from './multi-asset';

const raw = asset({ key: 'raw_t', compute: (): DataFrame => pl.DataFrame({ amount: [1, -2] }) });
const split = multiAsset({
  name: 'split_t',
  outs: { orders: {}, refunds: { key: 'refund_count_t', ioManagerKey: 'json' } },
  ins: { raw },
  config: z.object({ min: z.number().default(0) }),
  compute: ({ raw, config, context }) => {
    expectTypeOf(raw).toEqualTypeOf<DataFrame>();
    expectTypeOf(config).toEqualTypeOf<{ min: number }>();
    expectTypeOf(context.selectedOutputs).toEqualTypeOf<readonly string[]>();
    return { orders: raw.filter(pl.col('amount').gt(config.min)).lazy(), refunds: raw.filter(pl.col('amount').lt(0)).height };
  },
});

test('each out is an asset typed by its value in the compute result; its key is its own', () => {
  expectTypeOf(split.outs.orders.key).toEqualTypeOf<'orders'>();
  expectTypeOf(split.outs.refunds.key).toEqualTypeOf<'refund_count_t'>();
  expectTypeOf<OutputOf<typeof split.outs.orders>>().toEqualTypeOf<DataFrame>(); // a LazyDataFrame arrives eager
  expectTypeOf<OutputOf<typeof split.outs.refunds>>().toEqualTypeOf<number>();
  asset({
    key: 'alert_t',
    ins: { refunds: split.outs.refunds, orders: split.outs.orders },
    compute: ({ refunds, orders }) => {
      expectTypeOf(refunds).toEqualTypeOf<number>();
      expectTypeOf(orders).toEqualTypeOf<DataFrame>();
      return refunds > orders.height;
    },
  });
});

test('a compute that misses a declared out is a type error; an unknown out has no asset', () => {
  // @ts-expect-error 'refunds' is declared but not returned
  multiAsset({ name: 'missing_t', outs: { orders: {}, refunds: {} }, compute: () => ({ orders: 1 }) });
  // @ts-expect-error there is no out 'other'
  void split.outs.other;
});
