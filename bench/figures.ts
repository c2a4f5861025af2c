import fs from 'node:fs';
import path from 'node:path';
import type { Figure, FigureRow } from './types';

/** A module's figure function: the default export (preferred) or an export named `run`; one row or several. */
export interface FigureModule {
  default?: Figure | ((...args: never[]) => Promise<FigureRow | FigureRow[]>);
  run?: (...args: never[]) => Promise<FigureRow | FigureRow[]>;
}

/** A figure in the table: its module under bench/, loaded only when selected. */
export interface FigureEntry {
  /** Name for `--only`. */
  name: string;
  /** What it measures (shown by --list). */
  title: string;
  /** Loads the module; throws FigureNotAvailable (its message becomes the row's note) when it cannot be a row yet. */
  load: () => Promise<FigureModule>;
}

/**
 * Every figure of the suite, in table order. Figures 4 and 5 come from the sensor, schedule
 * and backfill features' own bench modules (`bench/sensor-delay.ts`, `bench/backfill-throughput.ts`);
 * until they exist, their rows say so.
 */
export const FIGURES: FigureEntry[] = [
  { name: 'orchestration', title: '1. orchestration overhead: chain and fan-out/fan-in of trivial assets', load: () => import('./orchestration') },
  { name: 'data-path', title: '2. and 7. sales pipeline vs plain nodejs-polars; worker peak RSS', load: () => import('./data-path') },
  { name: 'dagster-peer', title: '3. the same pipeline in Dagster with pandas', load: () => import('./dagster-peer') },
  { name: 'sensor-delay', title: '4. asset-sensor reaction delay', load: () => optional('sensor-delay') },
  { name: 'schedule-delay', title: '4. schedule fire delay (waits for 1–2 cron firings)', load: () => import('./schedule-delay') },
  { name: 'backfill-throughput', title: '5. backfill throughput', load: () => optional('backfill-throughput') },
  { name: 'definitions-scale', title: '6. build, validate and plan 10,000 assets with 20,000 edges', load: () => import('./definitions-scale') },
  { name: 'catalog', title: '8. catalog on SQLite and PostgreSQL: partition status (100,000 partitions), recording with two writers, latest of 10,000 assets', load: () => import('./catalog') },
];

/** Why a figure's row has no value: its module is missing, or is not a figure module yet. */
export class FigureNotAvailable extends Error {}

/**
 * A bench module that another feature's branch adds. Loaded only when its file exists and
 * exports a figure (`export default` or `export … run`): a standalone script (one that runs its
 * own `main()` when imported) is not imported, so that it does not start running here.
 */
async function optional(name: string): Promise<FigureModule> {
  const file = path.join(__dirname, `${name}.ts`);
  if (!fs.existsSync(file)) throw new FigureNotAvailable('not available yet');
  const source = fs.readFileSync(file, 'utf8');
  if (!/^export default\b|^export (async )?function run\b|^export const run\b/m.test(source)) {
    throw new FigureNotAvailable(`bench/${name}.ts is a standalone script (run it with npx tsx); it becomes a row once it exports a figure (bench/README.md)`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as FigureModule;
}
