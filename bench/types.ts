import type { Client } from '@temporalio/client';
import type { TemporalTarget } from '../temporal/connection';

/** What `npm run bench` was asked for. */
export interface BenchOptions {
  /** Rows of the generated sales input (figures 2, 3, 7). Default 10,000,000. */
  rows: number;
  /** Repetitions per measurement; figures report the median. Default 3. */
  repeat: number;
  /** Assets in the chain of figure 1. Default 100. */
  chain: number;
  /** Assets in the fan-out/fan-in graph of figure 1. Default 200. */
  wide: number;
  /** Assets of the generated graph of figure 6 (edges: twice as many). Default 10,000. */
  scaleAssets: number;
  /** Partitions of figure 5. Default 1,000. */
  partitions: number;
  /** Partitions of the catalog figure's asset (records: three times as many). Default 100,000. */
  catalogPartitions: number;
  /** Print progress lines. */
  verbose: boolean;
}

/** The dev server and the scratch space every figure shares. */
export interface BenchContext {
  options: BenchOptions;
  /** The bench's own dev server (headless, SQLite in the work dir). */
  target: TemporalTarget;
  client: Client;
  /** CPU time (user + system, ms) the dev server process has used so far, when the bench started it. */
  serverCpuMs?: () => number;
  /** The prebuilt workflow bundle, so in-process workers start quickly. */
  workflowBundlePath: string;
  /** Scratch directory of this bench run (deleted at the end). */
  workDir: string;
  /** Generated inputs, kept between runs: `bench/.data/` (gitignored). */
  dataDir: string;
  /** A task queue no other measurement uses. */
  newTaskQueue(name: string): string;
  /** Progress output (only with --verbose, always to stderr). */
  log(message: string): void;
  /** Measurements one figure leaves for another in the same run (a ratio's two sides). */
  shared: Map<string, unknown>;
}

/** How a figure's value compares with its target. */
export interface Target {
  op: '<=' | '<' | '>=' | '>';
  value: number;
}

/** One line of the table. */
export interface FigureRow {
  /** Short name, starting with the figure number: `1 chain of 100: per asset`. */
  figure: string;
  /** The median; undefined when the figure could not be measured (see note). */
  value?: number;
  unit: string;
  target?: Target;
  /** Context: medians of the parts, what was compared, why a value is missing. */
  note?: string;
}

/**
 * A figure module: `bench/<name>.ts` with a default export of this type. Modules measure
 * with `ctx.options.repeat` repetitions and report medians; run.ts prints the table.
 */
export type Figure = (ctx: BenchContext) => Promise<FigureRow[]>;
