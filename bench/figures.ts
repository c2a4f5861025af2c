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
  /** Loads the module; a module that does not exist yet makes a "not available yet" row. */
  load: () => Promise<FigureModule | undefined>;
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
  { name: 'sensor-delay', title: '4. asset-sensor reaction delay and schedule fire delay', load: () => optional('sensor-delay') },
  { name: 'backfill-throughput', title: '5. backfill throughput', load: () => optional('backfill-throughput') },
  { name: 'definitions-scale', title: '6. build, validate and plan 10,000 assets with 20,000 edges', load: () => import('./definitions-scale') },
];

/** A bench module that another feature's branch adds: undefined until its file exists. */
async function optional(name: string): Promise<FigureModule | undefined> {
  const file = path.join(__dirname, `${name}.ts`);
  if (!fs.existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as FigureModule;
}
