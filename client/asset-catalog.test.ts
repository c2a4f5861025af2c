import type { StoredMaterialization } from '../storage/catalog/store';
import { deriveHealth, type AssetStatus } from './asset-catalog';

const at = (iso: string): StoredMaterialization => ({ assetKey: 'x', runId: 'r', stepKey: 'x', location: '', metadata: {}, attempt: 1, materializedAt: iso, eventId: '1' });
const plain = (state: 'materialized' | 'failed' | 'missing' | 'in_progress'): AssetStatus => ({ partitioned: false, state });
const counts = (c: Partial<Record<'materialized' | 'failed' | 'missing' | 'in_progress', number>>): AssetStatus => {
  const full = { materialized: 0, failed: 0, missing: 0, in_progress: 0, ...c };
  return { partitioned: true, total: Object.values(full).reduce((a, b) => a + b, 0), counts: full };
};
const none = new Map<string, StoredMaterialization | undefined>();

test('unpartitioned: running, failed, never materialized, materialized', () => {
  expect(deriveHealth(plain('in_progress'), at('2026-11-01T00:00:00Z'), none)).toEqual({ kind: 'running' });
  expect(deriveHealth(plain('failed'), at('2026-11-01T00:00:00Z'), none)).toEqual({ kind: 'failed' });
  expect(deriveHealth(plain('missing'), undefined, none)).toEqual({ kind: 'never_materialized' });
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:00Z'), none)).toEqual({ kind: 'materialized' });
});

test('stale: an upstream materialized after it, named; an older or never materialized upstream is not', () => {
  const upstream = new Map([
    ['newer', at('2026-11-01T00:00:02Z')],
    ['older', at('2026-11-01T00:00:00Z')],
    ['never', undefined],
  ]);
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:01Z'), upstream)).toEqual({ kind: 'stale', newerUpstream: ['newer'] });
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:03Z'), upstream)).toEqual({ kind: 'materialized' });
  // Failing and running win over stale: they are what to look at first.
  expect(deriveHealth(plain('failed'), at('2026-11-01T00:00:01Z'), upstream).kind).toBe('failed');
});

test('partitioned: any partition running or failed shows; none materialized is never materialized', () => {
  const last = at('2026-11-01T00:00:00Z');
  expect(deriveHealth(counts({ materialized: 3, in_progress: 1, failed: 1 }), last, none).kind).toBe('running');
  expect(deriveHealth(counts({ materialized: 3, failed: 1 }), last, none).kind).toBe('failed');
  expect(deriveHealth(counts({ missing: 30 }), undefined, none).kind).toBe('never_materialized');
  expect(deriveHealth(counts({ materialized: 5, missing: 25 }), last, none).kind).toBe('materialized');
});
