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
  /** Loads the module (a module that fails to load gets a row saying so). */
  load: () => Promise<FigureModule>;
}

/** Every figure of the suite, in table order. */
export const FIGURES: FigureEntry[] = [
  { name: 'orchestration', title: '1. orchestration overhead: chain and fan-out/fan-in of trivial assets', load: () => import('./orchestration') },
  { name: 'data-path', title: '2. and 7. sales pipeline vs plain nodejs-polars; worker peak RSS', load: () => import('./data-path') },
  { name: 'dagster-peer', title: '3. the same pipeline in Dagster with pandas', load: () => import('./dagster-peer') },
  { name: 'sensor-delay', title: '4. asset-sensor reaction delay', load: () => import('./sensor-delay') },
  { name: 'schedule-delay', title: '4. schedule fire delay (waits for 1–2 cron firings)', load: () => import('./schedule-delay') },
  { name: 'backfill-throughput', title: '5. backfill throughput', load: () => import('./backfill-throughput') },
  { name: 'definitions-scale', title: '6. build, validate and plan 10,000 assets with 20,000 edges', load: () => import('./definitions-scale') },
  { name: 'catalog', title: '8. catalog on SQLite and PostgreSQL: partition status (100,000 partitions), recording with two writers, latest of 10,000 assets', load: () => import('./catalog') },
  { name: 'asset-ui', title: '9. asset UI in headless Chromium: graph of 2,000 assets, page of an asset with 100,000 partitions', load: () => import('./asset-ui') },
  { name: 'step-control', title: '10. steps off the event loop: cancel latency, crash-recovery latency, worker RSS over 10 runs', load: () => import('./step-control') },
];
