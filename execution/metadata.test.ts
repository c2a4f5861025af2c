import vm from 'node:vm';
import { assertMetadataTravels, MAX_METADATA_BYTES, toMetadataValue } from './metadata';
import { secret } from '../assets/secret';

test('plain metadata travels; values with toJSON (dates, secrets) are taken as they serialize', () => {
  expect(() => assertMetadataTravels("'a'", { rows: 3, when: new Date(0), url: secret('postgres://u:p@h/db'), nested: [{ ok: true }], skipped: undefined })).not.toThrow();
  // The same object twice is not a cycle.
  const shared = { n: 1 };
  expect(() => assertMetadataTravels("'a'", { first: shared, second: shared })).not.toThrow();
});

test('a BigInt, a cycle, a throwing toJSON and oversize metadata are refused, not retryable, naming where', () => {
  const cycle: Record<string, unknown> = {};
  cycle.items = [cycle];
  const cases: [unknown, string, RegExp][] = [
    [{ stats: { total: 1n } }, 'METADATA_UNSERIALIZABLE', /'a': output metadata \$\.stats\.total is a BigInt.*Record it as a string or a number/],
    [{ tree: cycle }, 'METADATA_UNSERIALIZABLE', /\$\.tree\.items\[0\] is a circular reference/],
    [{ odd: { toJSON: () => { throw new Error('no JSON for you'); } } }, 'METADATA_UNSERIALIZABLE', /cannot be serialized \(no JSON for you\)/],
    [{ dump: 'x'.repeat(MAX_METADATA_BYTES) }, 'METADATA_OVERSIZE', /over the 256 KiB/],
  ];
  for (const [metadata, code, message] of cases) {
    let thrown: unknown;
    try {
      assertMetadataTravels("'a'", metadata);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code, retryable: false, message: expect.stringMatching(message) });
  }
});


test('dates become ISO strings, also a Date made in another realm (as polars cells in a worker thread are)', () => {
  expect(toMetadataValue(new Date('2026-11-01T00:00:00Z'))).toBe('2026-11-01T00:00:00.000Z');
  const foreign = vm.runInNewContext('new Date(Date.UTC(2026, 10, 2))') as unknown;
  expect(foreign instanceof Date).toBe(false);
  expect(toMetadataValue({ sale_date: foreign })).toEqual({ sale_date: '2026-11-02T00:00:00.000Z' });
});
