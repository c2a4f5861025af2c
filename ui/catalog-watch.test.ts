import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { changedKeys, watchCatalog } from './catalog-watch';

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

test('a listener hears which assets changed after a write to a real catalog, and nothing while nothing is written', async () => {
  const a = asset({ key: 'a', compute: () => 1 });
  const b = asset({ key: 'b', ins: { a }, compute: () => 2 });
  const definitions = new Definitions({ assets: [a, b], storageRoot: fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-watch-')) });
  await definitions.catalog.ready();
  const heard: string[][] = [];
  const stop = watchCatalog(definitions, (keys) => heard.push(keys), 20);
  try {
    await new Promise((r) => setTimeout(r, 120));
    expect(heard).toEqual([]);
    await definitions.catalog.recordMaterialization({ assetKey: 'a', runId: 'r1', location: '', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() });
    await waitFor(() => heard.length > 0);
    // The first change after the page opened: every asset may be new to the page.
    expect(heard[0].sort()).toEqual(['a', 'b']);
    await definitions.catalog.recordMaterialization({ assetKey: 'b', runId: 'r2', location: '', metadata: {}, attempt: 1, materializedAt: new Date().toISOString() });
    await waitFor(() => heard.length > 1);
    expect(heard[1]).toEqual(['b']);
  } finally {
    stop();
    await new Promise((r) => setTimeout(r, 50)); // let the poller see it has no listener left
    await definitions.dispose();
  }
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(condition()).toBe(true);
}
