import type { StoredMaterialization } from '../storage/catalog/store';
import { deriveHealth, staleReasonText, staleText, type AssetStatus } from './asset-catalog';

const at = (iso: string, codeVersion?: string): StoredMaterialization => ({
  assetKey: 'x', runId: 'r', stepKey: 'x', location: '', metadata: {}, attempt: 1, materializedAt: iso, eventId: '1', ...(codeVersion !== undefined ? { codeVersion } : {}),
});
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
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:01Z'), upstream)).toEqual({
    kind: 'stale',
    staleReasons: [{ kind: 'upstream', upstream: 'newer', materializedAt: '2026-11-01T00:00:02Z' }],
  });
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

test('stale: the code version changed since the newest materialization, with both versions', () => {
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:00Z', 'v1'), none, 'v2')).toEqual({
    kind: 'stale',
    staleReasons: [{ kind: 'code_version', recorded: 'v1', current: 'v2' }],
  });
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:00Z', 'v2'), none, 'v2')).toEqual({ kind: 'materialized' });
});

test('code version: a materialization that recorded none is stale against a declared one; a definition without one never is', () => {
  // Made before the asset declared a version (or by a catalog row older than the column): unknown code, so stale.
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:00Z'), none, 'v1').staleReasons).toEqual([{ kind: 'code_version', current: 'v1' }]);
  // No version declared: nothing says the code changed, whatever was recorded.
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:00Z', 'v1'), none, undefined)).toEqual({ kind: 'materialized' });
  expect(deriveHealth(plain('materialized'), at('2026-11-01T00:00:00Z'), none, undefined)).toEqual({ kind: 'materialized' });
});

test('both reasons at once: code version first, then each newer upstream in order; failed and running still win', () => {
  const upstream = new Map([
    ['raw_sales', at('2026-12-01T10:02:00.000Z')],
    ['raw_customers', at('2026-12-01T10:03:00.000Z')],
  ]);
  const health = deriveHealth(plain('materialized'), at('2026-12-01T10:00:00Z', 'v1'), upstream, 'v2');
  expect(health.staleReasons?.map((r) => r.kind)).toEqual(['code_version', 'upstream', 'upstream']);
  expect(staleText(health)).toBe('stale: code version changed v1 → v2; upstream raw_sales materialized 2026-12-01 10:02 after this; upstream raw_customers materialized 2026-12-01 10:03 after this');
  expect(deriveHealth(plain('failed'), at('2026-12-01T10:00:00Z', 'v1'), upstream, 'v2')).toEqual({ kind: 'failed' });
  expect(deriveHealth(plain('in_progress'), at('2026-12-01T10:00:00Z', 'v1'), upstream, 'v2')).toEqual({ kind: 'running' });
  // Never materialized is not stale: there is nothing to be out of date.
  expect(deriveHealth(plain('missing'), undefined, upstream, 'v2')).toEqual({ kind: 'never_materialized' });
});

test('partitioned: staleness is the newest materialization of any partition against the code version and upstreams', () => {
  expect(deriveHealth(counts({ materialized: 2, missing: 2 }), at('2026-11-01T00:00:00Z', 'v1'), none, 'v2').staleReasons).toEqual([{ kind: 'code_version', recorded: 'v1', current: 'v2' }]);
});

test('reasons in words', () => {
  expect(staleReasonText({ kind: 'code_version', current: 'v2' })).toBe('code version changed (none) → v2');
  expect(staleReasonText({ kind: 'upstream', upstream: 'raw_sales', materializedAt: '2026-12-01T10:02:59.999Z' })).toBe('upstream raw_sales materialized 2026-12-01 10:02 after this');
  expect(staleText({ kind: 'materialized' })).toBeUndefined();
});
