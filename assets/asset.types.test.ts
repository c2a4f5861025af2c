/**
 * Type-level tests: checked by `tsc --noEmit` (part of `npm test`); the runtime part is trivial.
 */
import { expectTypeOf } from 'expect-type';
import type { DataFrame } from 'nodejs-polars';
import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset, type OutputOf } from './asset';

const numbers = asset({ key: 'numbers', compute: () => [1, 2, 3] });
const frame = asset({ key: 'frame', compute: async () => pl.DataFrame({ a: [1] }) });
const lazy = asset({ key: 'lazy', compute: () => pl.DataFrame({ a: [1] }).lazy() });
const configured = asset({
  key: 'configured',
  config: z.object({ url: z.string(), retries: z.number().default(2) }),
  compute: ({ config }) => {
    expectTypeOf(config).toEqualTypeOf<{ url: string; retries: number }>();
    return config.url;
  },
});

test('inputs carry the upstream output types, inferred', () => {
  asset({
    key: 'consumer',
    ins: { numbers, frame, lazy, configured },
    compute: ({ numbers, frame, lazy, configured, context }) => {
      expectTypeOf(numbers).toEqualTypeOf<number[]>();
      expectTypeOf(frame).toEqualTypeOf<DataFrame<{ a: pl.Float64 }>>();
      expectTypeOf(frame.height).toEqualTypeOf<number>();
      // A LazyDataFrame output is stored as Parquet and loaded back as a DataFrame of the same schema.
      expectTypeOf(lazy).toEqualTypeOf<DataFrame<{ a: pl.Float64 }>>();
      expectTypeOf(configured).toEqualTypeOf<string>();
      expectTypeOf(context.config).toEqualTypeOf<Record<string, never>>();
      return null;
    },
  });
  expectTypeOf<OutputOf<typeof numbers>>().toEqualTypeOf<number[]>();
  expectTypeOf(numbers.key).toEqualTypeOf<'numbers'>();
});

test('an input that is not read is a type error', () => {
  asset({
    key: 'bad',
    ins: { numbers },
    // @ts-expect-error `missing` is not an input
    compute: ({ missing }) => missing,
  });
});
