/**
 * `npm run bench`: every figure of the benchmark suite on this machine, one table.
 *
 *   npm run bench                                   # everything, 10M rows, medians of 3
 *   npm run bench -- --rows 1000000 --repeat 5      # a quicker data path
 *   npm run bench -- --only orchestration,definitions-scale
 */
import { Command, InvalidArgumentError } from 'commander';
import { createBenchContext } from './context';
import { FIGURES } from './figures';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR } from './context';
import { renderMarkdown, renderTable, runFigures } from './table';
import type { BenchOptions, FigureRow } from './types';

function positiveInt(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got '${value}'`);
  return n;
}

export function parseArgs(argv: string[]): BenchOptions & { only?: string[]; list: boolean; markdown: boolean; fromLast: boolean } {
  const program = new Command('bench')
    .description('assetflow benchmark suite: prints one table of medians')
    .option('--only <figures>', `comma-separated figures: ${FIGURES.map((f) => f.name).join(', ')}`)
    .option('--rows <n>', 'rows of the generated sales input (figures 2, 3, 7)', positiveInt, 10_000_000)
    .option('--repeat <n>', 'repetitions per measurement (the table shows medians)', positiveInt, 3)
    .option('--chain <n>', 'assets in the chain (figure 1)', positiveInt, 100)
    .option('--wide <n>', 'assets in the fan-out/fan-in (figure 1)', positiveInt, 200)
    .option('--scale-assets <n>', 'assets in the generated graph (figure 6)', positiveInt, 10_000)
    .option('--partitions <n>', 'partitions to backfill (figure 5)', positiveInt, 1000)
    .option('--catalog-partitions <n>', 'partitions of the catalog figure\'s asset, with 3x as many records (figure 8)', positiveInt, 100_000)
    .option('--list', 'list the figures and exit', false)
    .option('--markdown', 'print the table as Markdown', false)
    .option('--from-last', 'print the last run\'s table again instead of measuring', false)
    .option('-v, --verbose', 'print progress to stderr', false);
  program.parse(argv);
  const o = program.opts<{ only?: string; rows: number; repeat: number; chain: number; wide: number; scaleAssets: number; partitions: number; catalogPartitions: number; list: boolean; markdown: boolean; fromLast: boolean; verbose: boolean }>();
  const only = o.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !FIGURES.some((f) => f.name === name)) ?? [];
  if (unknown.length) program.error(`unknown figure(s) ${unknown.join(', ')}; known: ${FIGURES.map((f) => f.name).join(', ')}`);
  return { ...o, only };
}

async function main(): Promise<void> {
  process.env.ASSETFLOW_LOG_LEVEL ??= 'warn';
  const options = parseArgs(process.argv);
  if (options.list) {
    for (const f of FIGURES) console.log(`${f.name.padEnd(22)} ${f.title}`);
    return;
  }
  if (options.fromLast) {
    const last = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'last-run.json'), 'utf8')) as { footer: string; rows: FigureRow[] };
    console.log(options.markdown ? renderMarkdown(last.rows) : renderTable(last.rows));
    console.log(last.footer);
    return;
  }
  const started = Date.now();
  const ctx = await createBenchContext(options);
  let rows: FigureRow[];
  try {
    rows = await runFigures(ctx, options.only);
  } finally {
    await ctx.close();
  }
  const footer =
    `figures ${options.only?.join(', ') ?? 'all'}; rows ${options.rows.toLocaleString('en-US')}, medians of ${options.repeat}, ${new Date().toISOString().slice(0, 16)}Z, ` +
    `node ${process.version}, ${os.cpus().length} cores, ${((Date.now() - started) / 1000).toFixed(0)} s`;
  console.log(options.markdown ? renderMarkdown(rows) : renderTable(rows));
  console.log(footer);
  const saved = path.join(DATA_DIR, 'last-run.json');
  fs.writeFileSync(saved, JSON.stringify({ footer, options, rows }, null, 2));
  console.log(`(rows saved to ${path.relative(process.cwd(), saved)}; \`npx tsx bench/run.ts --from-last --markdown\` prints them again)`);
}

if (require.main === module) {
  main()
    .then(() => process.exit(0))
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
