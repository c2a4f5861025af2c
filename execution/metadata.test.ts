import vm from 'node:vm';
import { toMetadataValue } from './metadata';

test('dates become ISO strings, also a Date made in another realm (as polars cells in a worker thread are)', () => {
  expect(toMetadataValue(new Date('2026-11-01T00:00:00Z'))).toBe('2026-11-01T00:00:00.000Z');
  const foreign = vm.runInNewContext('new Date(Date.UTC(2026, 10, 2))') as unknown;
  expect(foreign instanceof Date).toBe(false);
  expect(toMetadataValue({ sale_date: foreign })).toEqual({ sale_date: '2026-11-02T00:00:00.000Z' });
});
