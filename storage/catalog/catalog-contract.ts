/**
 * The catalog contract: what every {@link CatalogStore} does, as one jest suite that each
 * implementation's test file runs against a fresh store per test.
 *
 * ```ts
 * describeCatalogContract('sqlite', async () => sqliteCatalog(path.join(dir(), 'catalog.sqlite')));
 * ```
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogInputError } from './catalog-errors';
import { fileCatalog } from './file-catalog';
import type { CatalogStore, MaterializationInput } from './store';

/** A fresh, empty store; `dispose` (optional) removes what it left behind after the store is closed. */
export type StoreFactory = () => Promise<CatalogStore | { store: CatalogStore; dispose(): Promise<void> }>;

export function describeCatalogContract(name: string, makeStore: StoreFactory): void {
  describe(`catalog contract: ${name}`, () => {
    let store: CatalogStore;
    let dispose: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      const made = await makeStore();
      if ('store' in made && 'dispose' in made) {
        store = made.store;
        dispose = made.dispose;
      } else {
        store = made as CatalogStore;
        dispose = undefined;
      }
      await store.ready();
    });
    afterEach(async () => {
      await store?.close();
      await dispose?.();
    });

    let clock = Date.parse('2026-11-01T00:00:00.000Z');
    const at = () => new Date((clock += 1000)).toISOString();
    const materialization = (over: Partial<MaterializationInput> = {}): MaterializationInput => ({
      assetKey: 'sales',
      runId: 'run-1',
      workflowId: 'assetflow/run/sales/1',
      location: '/data/sales.parquet',
      metadata: { rows: 3 },
      attempt: 1,
      materializedAt: at(),
      ...over,
    });

    test('a materialization comes back with every field it was written with', async () => {
      const input = materialization({
        partitionKey: '2026-11-01',
        runName: 'nightly',
        stepKey: 'sales_step',
        rows: 3,
        codeVersion: 'v7',
        materializedAt: '2026-11-01T10:00:00.123+01:00',
        metadata: { rows: 3, columns: [{ name: 'amount', type: 'Float64' }], note: 'ünïcødé ✓', nested: { a: [1, 2.5, null, true] } },
      });
      expect(await store.recordMaterialization(input)).toEqual({ recorded: true });
      const latest = await store.latestMaterialization('sales', '2026-11-01');
      expect(latest).toEqual({ ...input, materializedAt: '2026-11-01T09:00:00.123Z', eventId: expect.any(String) });
    });

    test('optional fields stay absent; the step defaults to the asset key', async () => {
      await store.recordMaterialization({ assetKey: 'bare', runId: 'r', location: '', metadata: {}, attempt: 1, materializedAt: '2026-11-01T00:00:00.000Z' });
      const latest = await store.latestMaterialization('bare');
      expect(latest).toEqual({ assetKey: 'bare', runId: 'r', stepKey: 'bare', location: '', metadata: {}, attempt: 1, materializedAt: '2026-11-01T00:00:00.000Z', eventId: expect.any(String) });
      expect(Object.keys(latest!)).not.toContain('partitionKey');
    });

    test('the code version comes back from every read of materializations; a record without one has none', async () => {
      await store.recordMaterialization(materialization({ runId: 'r1', partitionKey: 'a', codeVersion: 'v1' }));
      await store.recordMaterialization(materialization({ runId: 'r2', partitionKey: 'b' }));
      await store.recordMaterialization(materialization({ runId: 'r3', partitionKey: 'a', codeVersion: 'v2 ✓ ünïcødé' }));
      await store.recordMaterialization(materialization({ assetKey: 'other', runId: 'r4', codeVersion: 'x'.repeat(200) }));
      expect((await store.latestMaterialization('sales'))?.codeVersion).toBe('v2 ✓ ünïcødé');
      expect(await store.latestMaterialization('sales', 'b')).not.toHaveProperty('codeVersion');
      const latest = await store.latestMaterializations(['sales', 'other']);
      expect([latest.get('sales')?.codeVersion, latest.get('other')?.codeVersion]).toEqual(['v2 ✓ ünïcødé', 'x'.repeat(200)]);
      expect((await store.latestMaterializations()).get('other')?.codeVersion).toBe('x'.repeat(200));
      expect((await store.materializations('sales')).items.map((m) => m.codeVersion ?? null)).toEqual(['v2 ✓ ünïcødé', null, 'v1']);
      expect((await store.history('sales')).map((m) => (m as { codeVersion?: string }).codeVersion ?? null)).toEqual(['v1', null, 'v2 ✓ ünïcødé']);
      await expect(store.recordMaterialization(materialization({ runId: 'r5', codeVersion: 2 as unknown as string }))).rejects.toThrow(/codeVersion must be a string/);
    });

    test('writing the same (run, step, attempt) again records nothing new: the first write stands', async () => {
      const first = materialization({ location: '/first' });
      expect(await store.recordMaterialization(first)).toEqual({ recorded: true });
      expect(await store.recordMaterialization({ ...first, location: '/second' })).toEqual({ recorded: false });
      expect(await store.recordMaterialization({ ...first, attempt: 2, location: '/retry' })).toEqual({ recorded: true });
      const page = await store.materializations('sales');
      expect(page.items.map((r) => [r.attempt, r.location])).toEqual([
        [2, '/retry'],
        [1, '/first'],
      ]);
    });

    test('the same attempt of another partition, step or asset is another record', async () => {
      await store.recordMaterialization(materialization({ partitionKey: 'a' }));
      await store.recordMaterialization(materialization({ partitionKey: 'b' }));
      await store.recordMaterialization(materialization({ partitionKey: 'a', stepKey: 'other_step' }));
      await store.recordMaterialization(materialization({ assetKey: 'other', partitionKey: 'a' }));
      expect((await store.materializations('sales')).items).toHaveLength(3);
      expect((await store.materializations('other')).items).toHaveLength(1);
    });

    test('latest: per asset across partitions, per partition, and undefined when never materialized', async () => {
      await store.recordMaterialization(materialization({ partitionKey: 'b', runId: 'r1' }));
      await store.recordMaterialization(materialization({ partitionKey: 'a', runId: 'r2' }));
      await store.recordMaterialization(materialization({ partitionKey: 'b', runId: 'r3' }));
      expect((await store.latestMaterialization('sales'))?.runId).toBe('r3');
      expect((await store.latestMaterialization('sales', 'a'))?.runId).toBe('r2');
      expect(await store.latestMaterialization('sales', 'c')).toBeUndefined();
      expect(await store.latestMaterialization('never')).toBeUndefined();
    });

    test('history pages newest first through opaque cursors, none missed or repeated', async () => {
      for (let i = 0; i < 25; i++) await store.recordMaterialization(materialization({ runId: `r${i}`, partitionKey: i % 2 ? 'odd' : 'even' }));
      const seen: string[] = [];
      let before: string | undefined;
      const sizes: number[] = [];
      do {
        const page = await store.materializations('sales', { limit: 10, ...(before ? { before } : {}) });
        sizes.push(page.items.length);
        seen.push(...page.items.map((r) => r.runId));
        before = page.next;
      } while (before);
      expect(sizes).toEqual([10, 10, 5]);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `r${24 - i}`));

      const odd = await store.materializations('sales', { partitionKey: 'odd', limit: 5 });
      expect(odd.items.map((r) => r.runId)).toEqual(['r23', 'r21', 'r19', 'r17', 'r15']);
      const oddNext = await store.materializations('sales', { partitionKey: 'odd', limit: 100, before: odd.next });
      expect(oddNext.items.map((r) => r.runId)).toEqual(['r13', 'r11', 'r9', 'r7', 'r5', 'r3', 'r1']);
      expect(oddNext.next).toBeUndefined();

      const exact = await store.materializations('sales', { limit: 25 });
      expect(exact.items).toHaveLength(25);
      expect(exact.next).toBeUndefined();
    });

    test('a bad cursor or page size is a clear error', async () => {
      await expect(store.materializations('sales', { before: 'not-a-cursor!' })).rejects.toThrow(CatalogInputError);
      await expect(store.materializations('sales', { before: Buffer.from('x1').toString('base64url') })).rejects.toThrow(/not a history cursor/);
      await expect(store.materializations('sales', { limit: 0 })).rejects.toThrow(/limit must be a whole number from 1 to 1000/);
      await expect(store.materializations('sales', { limit: 1001 })).rejects.toThrow(CatalogInputError);
    });

    test('failed attempts are recorded once each and listed newest first', async () => {
      const failure = { assetKey: 'sales', partitionKey: 'p', runId: 'r', workflowId: 'wf', stepKey: 'sales', attempt: 1, error: 'boom', failedAt: '2026-11-01T00:00:01.000Z' };
      expect(await store.recordFailure(failure)).toEqual({ recorded: true });
      expect(await store.recordFailure(failure)).toEqual({ recorded: false });
      expect(await store.recordFailure({ ...failure, attempt: 2, error: 'x'.repeat(20_000) })).toEqual({ recorded: true });
      const { items } = await store.failures('sales');
      expect(items.map((f) => f.attempt)).toEqual([2, 1]);
      expect(items[1]).toEqual({ ...failure, eventId: expect.any(String) });
      expect(items[0].error.length).toBeLessThan(9000);
      expect(items[0].error).toMatch(/… \(20000 characters\)$/);
      // A failure is not a materialization.
      expect(await store.latestMaterialization('sales')).toBeUndefined();
      expect(await store.materializedPartitions('sales')).toEqual([]);
    });

    test('an attempt may both record its output and then fail: both are kept', async () => {
      await store.recordMaterialization(materialization({ attempt: 1 }));
      expect(await store.recordFailure({ assetKey: 'sales', runId: 'run-1', attempt: 1, error: 'heartbeat timeout' })).toEqual({ recorded: true });
      expect((await store.materializations('sales')).items).toHaveLength(1);
      expect((await store.failures('sales')).items).toHaveLength(1);
    });

    test('partition status: counts and ranges of materialized, failed, missing and in progress', async () => {
      const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
      const ok = (partitionKey: string, runId: string) => store.recordMaterialization(materialization({ partitionKey, runId }));
      const fail = (partitionKey: string, runId: string) => store.recordFailure({ assetKey: 'sales', partitionKey, runId, attempt: 1, error: 'boom' });
      await ok('a', 'ra');
      await ok('b', 'rb');
      await fail('c', 'rc1'); // failed, never materialized
      await ok('d', 'rd1');
      await fail('d', 'rd2'); // latest attempt failed after a success
      await fail('e', 're1');
      await ok('e', 're2'); // a success after a failure
      await store.recordRunStarted({ runId: 'rf', workflowId: 'wf-f', assetKeys: ['sales', 'other'], partitionKey: 'f' }); // started, nothing yet
      await ok('g', 'rg1');
      await store.recordRunStarted({ runId: 'rg2', workflowId: 'wf-g', assetKeys: ['sales'], partitionKey: 'g' }); // re-materializing
      await store.recordRunStarted({ runId: 'rh', workflowId: 'wf-h', assetKeys: ['sales'], partitionKey: 'h' });
      await ok('h', 'rh'); // the open run already materialized it
      await store.recordRunStarted({ runId: 'ri', workflowId: 'wf-i', assetKeys: ['sales'], partitionKey: 'i' });
      await store.recordRunEnded('ri', 'failure'); // ended without a record: missing
      await store.recordRunStarted({ runId: 'rx', workflowId: 'wf-x', assetKeys: ['other'], partitionKey: 'j' }); // another asset's run
      await ok('zz', 'rzz'); // a key the definition no longer lists

      const status = await store.partitionStatus('sales', keys);
      expect(status.total).toBe(10);
      expect(status.counts).toEqual({ materialized: 4, failed: 2, missing: 2, in_progress: 2 });
      expect(status.ranges).toEqual([
        { state: 'materialized', first: 'a', last: 'b', count: 2 },
        { state: 'failed', first: 'c', last: 'd', count: 2 },
        { state: 'materialized', first: 'e', last: 'e', count: 1 },
        { state: 'in_progress', first: 'f', last: 'g', count: 2 },
        { state: 'materialized', first: 'h', last: 'h', count: 1 },
        { state: 'missing', first: 'i', last: 'j', count: 2 },
      ]);
      expect(await store.state('sales', 'd')).toBe('failed');
      expect(await store.state('sales', 'f')).toBe('in_progress');
      expect(await store.state('sales', 'h')).toBe('materialized');
      expect(await store.state('sales', 'i')).toBe('missing');

      await store.recordRunEnded('rg2', 'cancelled');
      expect((await store.partitionStatus('sales', ['g'])).ranges).toEqual([{ state: 'materialized', first: 'g', last: 'g', count: 1 }]);
      expect(await store.partitionStatus('sales', [])).toEqual({ total: 0, counts: { materialized: 0, failed: 0, missing: 0, in_progress: 0 }, ranges: [] });
    });

    test('the change mark moves on every write a status reads, and only then', async () => {
      const mark = () => store.changeMark!();
      const seen = [await mark()];
      expect(await mark()).toBe(seen[0]); // reads change nothing
      await store.recordMaterialization(materialization({ runId: 'm1' }));
      seen.push(await mark());
      await store.recordMaterialization(materialization({ runId: 'm1' })); // the same attempt again: nothing new
      expect(await mark()).toBe(seen[1]);
      await store.recordFailure({ assetKey: 'sales', runId: 'f1', attempt: 1, error: 'boom' });
      seen.push(await mark());
      await store.recordRunStarted({ runId: 'r1', workflowId: 'wf', assetKeys: ['sales'] });
      seen.push(await mark());
      await store.recordRunEnded('r1', 'success');
      seen.push(await mark());
      await store.recordCheckResult({ assetKey: 'sales', checkName: 'c', runId: 'r1', passed: true, severity: 'warn' });
      seen.push(await mark());
      await store.latestMaterializations();
      await store.partitionStatus('sales', ['a']);
      expect(await mark()).toBe(seen[seen.length - 1]);
      expect(new Set(seen).size).toBe(seen.length);
    });

    test('state of an unpartitioned asset', async () => {
      expect(await store.state('plain')).toBe('missing');
      await store.recordRunStarted({ runId: 'r1', workflowId: 'wf', assetKeys: ['plain'] });
      expect(await store.state('plain')).toBe('in_progress');
      await store.recordFailure({ assetKey: 'plain', runId: 'r1', attempt: 1, error: 'boom' });
      await store.recordRunEnded('r1', 'failure');
      expect(await store.state('plain')).toBe('failed');
      await store.recordMaterialization(materialization({ assetKey: 'plain', runId: 'r2' }));
      expect(await store.state('plain')).toBe('materialized');
    });

    test('the newest materialization of every asset, in one call', async () => {
      await store.recordMaterialization(materialization({ assetKey: 'a', runId: 'a1' }));
      await store.recordMaterialization(materialization({ assetKey: 'b', runId: 'b1', partitionKey: 'x' }));
      await store.recordMaterialization(materialization({ assetKey: 'a', runId: 'a2' }));
      await store.recordMaterialization(materialization({ assetKey: 'b', runId: 'b2', partitionKey: 'y' }));
      await store.recordFailure({ assetKey: 'a', runId: 'a3', attempt: 1, error: 'newer, but a failure' });
      await store.recordFailure({ assetKey: 'c', runId: 'c1', attempt: 1, error: 'only failures' });
      const some = await store.latestMaterializations(['a', 'b', 'c', 'never']);
      expect([...some.keys()].sort()).toEqual(['a', 'b']);
      expect(some.get('a')?.runId).toBe('a2');
      expect(some.get('b')).toMatchObject({ runId: 'b2', partitionKey: 'y' });
      const all = await store.latestMaterializations();
      expect(Object.fromEntries([...all].map(([k, r]) => [k, r.runId]))).toEqual({ a: 'a2', b: 'b2' });
      expect((await store.latestMaterializations([])).size).toBe(0);
    });

    test('asset check results: once per attempt, the newest per check', async () => {
      const check = { assetKey: 'sales', checkName: 'no_negative_amounts', runId: 'r1', passed: false, severity: 'warn' as const, metadata: { bad: 3 }, checkedAt: '2026-11-01T00:00:00.000Z' };
      expect(await store.recordCheckResult(check)).toEqual({ recorded: true });
      expect(await store.recordCheckResult(check)).toEqual({ recorded: false });
      await store.recordCheckResult({ ...check, runId: 'r2', passed: true, metadata: {} });
      await store.recordCheckResult({ ...check, checkName: 'has_rows', severity: 'error', partitionKey: 'p1' });
      await store.recordCheckResult({ ...check, checkName: 'has_rows', runId: 'r3', severity: 'error', partitionKey: 'p2', passed: true });
      const latest = await store.latestCheckResults('sales');
      expect(latest.map((c) => [c.checkName, c.runId, c.passed])).toEqual([
        ['has_rows', 'r3', true],
        ['no_negative_amounts', 'r2', true],
      ]);
      const p1 = await store.latestCheckResults('sales', 'p1');
      expect(p1).toEqual([
        { assetKey: 'sales', checkName: 'has_rows', partitionKey: 'p1', runId: 'r1', stepKey: 'sales', attempt: 1, passed: false, severity: 'error', metadata: { bad: 3 }, checkedAt: '2026-11-01T00:00:00.000Z', eventId: expect.any(String) },
      ]);
      await expect(store.recordCheckResult({ ...check, severity: 'fatal' as never })).rejects.toThrow(/severity must be 'error' or 'warn'/);
    });

    test('runs: started once, their assets kept, the first end wins', async () => {
      const start = { runId: 'r1', workflowId: 'assetflow/run/job/1', runName: 'job', assetKeys: ['b', 'a', 'a'], partitionKey: '2026-11-01', startedAt: '2026-11-01T00:00:00.000Z' };
      expect(await store.recordRunStarted(start)).toEqual({ recorded: true });
      expect(await store.recordRunStarted({ ...start, assetKeys: ['c'] })).toEqual({ recorded: false });
      expect(await store.run('r1')).toEqual({ ...start, assetKeys: ['a', 'b'], status: 'running' });
      expect(await store.recordRunEnded('r1', 'success', '2026-11-01T00:01:00.000Z')).toEqual({ recorded: true });
      expect(await store.recordRunEnded('r1', 'failure')).toEqual({ recorded: false });
      expect(await store.run('r1')).toMatchObject({ status: 'success', endedAt: '2026-11-01T00:01:00.000Z' });
      expect(await store.recordRunEnded('never-started', 'success')).toEqual({ recorded: false });
      expect(await store.run('never-started')).toBeUndefined();
      expect(await store.recordRunStarted({ runId: 'r2', workflowId: 'wf', assetKeys: [] })).toEqual({ recorded: true });
      expect(await store.run('r2')).toEqual({ runId: 'r2', workflowId: 'wf', assetKeys: [], startedAt: expect.any(String), status: 'running' });
    });

    test('metadata keeps what JSON carries, NUL and large values included', async () => {
      const metadata = { text: 'a\u0000b "quoted" \\ back', emoji: '📦', big: 'x'.repeat(200_000), num: 1.25e-7, neg: -0.5, int: 9007199254740991, list: [[], {}], none: null };
      await store.recordMaterialization(materialization({ metadata, rows: 0 }));
      const latest = await store.latestMaterialization('sales');
      expect(latest?.metadata).toEqual(metadata);
      expect(latest?.rows).toBe(0);
    });

    test('bad input is a clear error and records nothing', async () => {
      await expect(store.recordMaterialization(materialization({ assetKey: '' }))).rejects.toThrow(/assetKey must be a non-empty string/);
      await expect(store.recordMaterialization(materialization({ attempt: 0 }))).rejects.toThrow(/attempt must be a whole number from 1/);
      await expect(store.recordMaterialization(materialization({ partitionKey: '' }))).rejects.toThrow(/partitionKey must be a non-empty string or absent/);
      await expect(store.recordMaterialization(materialization({ rows: 1.5 }))).rejects.toThrow(/rows must be a whole number/);
      await expect(store.recordMaterialization(materialization({ materializedAt: 'yesterday' }))).rejects.toThrow(/materializedAt must be an ISO time/);
      await expect(store.recordMaterialization(materialization({ metadata: [] as never }))).rejects.toThrow(/metadata must be an object/);
      await expect(store.recordFailure({ assetKey: 'sales', runId: 'r', attempt: 1, error: undefined as never })).rejects.toThrow(/error must be the error's message/);
      await expect(store.recordRunEnded('r', 'running' as never)).rejects.toThrow(/status must be one of success, failure, cancelled/);
      await expect(store.partitionStatus('sales', undefined as never)).rejects.toThrow(/partitionKeys must be the asset's list/);
      expect(await store.latestMaterializations()).toEqual(new Map());
    });

    test('many materializations in one transaction, duplicates counted once', async () => {
      const inputs = Array.from({ length: 2500 }, (_, i) => materialization({ runId: `r${i}`, partitionKey: `p${i % 100}`, rows: i }));
      expect(await store.recordMaterializations(inputs)).toBe(2500);
      expect(await store.recordMaterializations([...inputs.slice(0, 10), materialization({ runId: 'new' }), materialization({ runId: 'new' })])).toBe(1);
      expect(await store.recordMaterializations([])).toBe(0);
      expect((await store.materializedPartitions('sales')).length).toBe(100);
      expect((await store.latestMaterialization('sales', 'p7'))?.rows).toBe(2407);
      await expect(store.recordMaterializations([materialization({ runId: 'fine' }), materialization({ attempt: -1 })])).rejects.toThrow(CatalogInputError);
      expect(await store.latestMaterialization('sales')).toMatchObject({ runId: 'new' });
    });

    test('writes at once from one process: every record once', async () => {
      const writes = Array.from({ length: 60 }, (_, i) => materialization({ runId: `r${i % 30}`, partitionKey: `p${i % 7}` }));
      const outcomes = await Promise.all(writes.map((w) => store.recordMaterialization(w)));
      const distinct = new Set(writes.map((w) => `${w.runId}/${w.partitionKey}`)).size;
      expect(outcomes.filter((o) => o.recorded)).toHaveLength(distinct);
      expect((await store.history('sales')).length).toBe(distinct);
    });

    test('as a MaterializationCatalog it answers as the file catalog did', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-contract-'));
      try {
        const file = fileCatalog(dir);
        const records = [
          materialization({ runId: 'r1', partitionKey: '2026-11-02' }),
          materialization({ runId: 'r2', partitionKey: '2026-11-01' }),
          materialization({ runId: 'r3' }),
          materialization({ runId: 'r4', partitionKey: '2026-11-02', attempt: 2 }),
          materialization({ assetKey: 'other', runId: 'r5' }),
        ];
        for (const r of records) {
          await file.record(r);
          await store.record(r);
        }
        const strip = (r: object | undefined) => {
          if (!r) return r;
          const { eventId: _e, stepKey: _s, ...rest } = r as Record<string, unknown>;
          return rest;
        };
        for (const limit of [undefined, 1, 3, 10]) expect((await store.history('sales', limit)).map(strip)).toEqual(await file.history('sales', limit));
        expect(strip(await store.latest('sales'))).toEqual(await file.latest('sales'));
        expect(strip(await store.latest('sales', '2026-11-02'))).toEqual(await file.latest('sales', '2026-11-02'));
        expect(await store.latest('sales', '2026-11-09')).toBeUndefined();
        expect(await store.materializedPartitions('sales')).toEqual(await file.materializedPartitions('sales'));
        expect(await store.materializedPartitions('sales')).toEqual(['2026-11-01', '2026-11-02']);
        expect(await store.history('never')).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('history of more than one page, oldest first as before', async () => {
      await store.recordMaterializations(Array.from({ length: 1205 }, (_, i) => materialization({ runId: `r${i}` })));
      const all = await store.history('sales');
      expect(all).toHaveLength(1205);
      expect(all[0].runId).toBe('r0');
      expect(all[1204].runId).toBe('r1204');
      const last = await store.history('sales', 1100);
      expect(last).toHaveLength(1100);
      expect(last[0].runId).toBe('r105');
    });
  });
}
