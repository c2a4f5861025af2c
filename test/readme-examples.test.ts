/**
 * The README stays true: its code blocks marked `<!-- file: path -->` are those files, byte for
 * byte (and the files are run: examples/sales/pipeline.test.ts is a test, the defining-assets
 * example is materialized by test/sales-amounts.test.ts); its table of environment variables
 * lists every variable the code reads; every example finds the sales API where
 * `npm run sales-api` serves it.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test('every README block marked with a file is that file, as written', () => {
  const marked = [...readme.matchAll(/<!-- file: (\S+)[^>]*-->\n```ts\n([\s\S]*?)```\n/g)].map((m) => ({ file: m[1], block: m[2] }));
  expect(marked.map((m) => m.file)).toEqual(['examples/readme/defining-assets.ts', 'examples/sales/pipeline.test.ts']);
  for (const { file, block } of marked) expect({ file, block }).toEqual({ file, block: fs.readFileSync(path.join(ROOT, file), 'utf8') });
});

/** Source files of the project (tests and their fixtures excluded: the suite sets its own variables). */
function sources(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'test') return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(tsx?|js|cjs|mjs)$/.test(entry.name) && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

test('the README table of environment variables has every variable the code reads', () => {
  const read = new Set<string>();
  const patterns = [/process\.env\.([A-Z][A-Z0-9_]*)/g, /process\.env\[['"]([A-Z][A-Z0-9_]*)['"]\]/g, /\benv\.([A-Z][A-Z0-9_]{2,})\b/g, /findBinary\('([A-Z][A-Z0-9_]*)'/g, /\benv\('([A-Z][A-Z0-9_]*)'\)/g];
  for (const file of sources()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) read.add(m[1]);
  }
  // What users set for the test suite itself.
  for (const name of ['ASSETFLOW_SKIP_SLOW_TESTS', 'ASSETFLOW_TEST_DATABASE_URL', 'ASSETFLOW_CHROMIUM', 'ASSETFLOW_UPDATE_SCREENSHOTS']) read.add(name);
  const table = readme.slice(readme.indexOf('## Environment variables'), readme.indexOf('## Coming from Dagster'));
  const documented = new Set([...table.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
  expect(read.size).toBeGreaterThan(15); // the scan found the variables, not nothing
  expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  expect([...documented].filter((name) => !read.has(name)).sort()).toEqual([]);
});

test('every example and the README find the sales API on the port `npm run sales-api` serves (8080)', async () => {
  const saved = process.env.SALES_API_URL;
  delete process.env.SALES_API_URL;
  try {
    jest.resetModules();
    const { DEFAULT_SALES_API_URL } = await import('../examples/sales/sales-api');
    const { salesJob } = await import('../examples/sales/jobs');
    const { dailySalesSchedule } = await import('../examples/sales/schedules');
    const { dailySales } = await import('../examples/daily-sales/assets');
    expect(new URL(DEFAULT_SALES_API_URL).port).toBe('8080');
    expect(salesJob.config).toEqual({ ops: { raw_sales: { config: { apiUrl: DEFAULT_SALES_API_URL } } } });
    const scheduled = (await dailySalesSchedule.runConfig!({ scheduledExecutionTime: new Date('2026-11-05T00:00:00Z'), scheduleName: dailySalesSchedule.name })) as { ops: { raw_sales: { config: { apiUrl: string } } } };
    expect(scheduled.ops.raw_sales.config.apiUrl).toBe(`${DEFAULT_SALES_API_URL}?date=2026-11-05`);
    expect(dailySales.config!.parse({})).toEqual({ apiUrl: DEFAULT_SALES_API_URL });
  } finally {
    if (saved !== undefined) process.env.SALES_API_URL = saved;
  }
  const texts = [readme, ...sources(path.join(ROOT, 'examples')).map((f) => fs.readFileSync(f, 'utf8'))];
  const ports = new Set(texts.flatMap((t) => [...t.matchAll(/(?:127\.0\.0\.1|localhost):(\d+)\/sales/g)].map((m) => m[1])));
  expect([...ports]).toEqual(['8080']);
});
