import { changedKeys } from './catalog-watch';

test('changed keys: a new signature, a new key and a vanished key; unchanged keys are not reported', () => {
  const before = new Map([
    ['a', 'materialized|materialized|1'],
    ['b', 'running|in_progress|'],
    ['gone', 'failed|failed|'],
  ]);
  const after = new Map([
    ['a', 'materialized|materialized|1'],
    ['b', 'materialized|materialized|2'],
    ['new', 'never_materialized|missing|'],
  ]);
  expect(changedKeys(before, after).sort()).toEqual(['b', 'gone', 'new']);
  expect(changedKeys(after, after)).toEqual([]);
});
