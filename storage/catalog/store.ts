import type { MaterializationRecord } from '../../contract/materialization';
import type { RunStatus } from '../../contract/run';
import type { Metadata } from '../../execution/metadata';
import type { MaterializationCatalog } from './catalog';

/**
 * What a materialization write carries: a {@link MaterializationRecord} plus the step that wrote
 * it (default: the asset key, which is the step key of an asset today) and the asset's code
 * version when it declares one.
 */
export interface MaterializationInput extends MaterializationRecord {
  stepKey?: string;
  codeVersion?: string;
}

/** A materialization as the catalog returns it. */
export interface StoredMaterialization extends MaterializationRecord {
  stepKey: string;
  codeVersion?: string;
  /** The event's place in the catalog's order: larger is newer. Opaque; compare only through the store. */
  eventId: string;
}

/** A materialization attempt that failed (the step threw, or its output could not be stored). */
export interface FailureInput {
  assetKey: string;
  partitionKey?: string;
  runId: string;
  workflowId?: string;
  runName?: string;
  /** Default: the asset key. */
  stepKey?: string;
  attempt: number;
  /** The error's message (kept whole up to 8 KiB, then shortened). */
  error: string;
  /** ISO time; default: now. */
  failedAt?: string;
}

export interface StoredFailure extends Required<Pick<FailureInput, 'assetKey' | 'runId' | 'stepKey' | 'attempt' | 'error' | 'failedAt'>> {
  partitionKey?: string;
  workflowId?: string;
  runName?: string;
  eventId: string;
}

/** How bad a failed check is (Dagster's AssetCheckSeverity). */
export type CheckSeverity = 'error' | 'warn';

/** The outcome of one asset check in one run (for the asset checks issue). */
export interface CheckResultInput {
  assetKey: string;
  checkName: string;
  partitionKey?: string;
  runId: string;
  workflowId?: string;
  /** Default: the asset key. */
  stepKey?: string;
  /** Default: 1. */
  attempt?: number;
  passed: boolean;
  severity: CheckSeverity;
  metadata?: Metadata;
  /** ISO time; default: now. */
  checkedAt?: string;
}

export interface StoredCheckResult {
  assetKey: string;
  checkName: string;
  partitionKey?: string;
  runId: string;
  workflowId?: string;
  stepKey: string;
  attempt: number;
  passed: boolean;
  severity: CheckSeverity;
  metadata: Metadata;
  checkedAt: string;
  eventId: string;
}

/** A run as it starts: which assets (of which partition) it is about to materialize. */
export interface RunStart {
  runId: string;
  workflowId: string;
  runName?: string;
  assetKeys: readonly string[];
  partitionKey?: string;
  /** ISO time; default: now. */
  startedAt?: string;
}

/** How a run ended. */
export type RunEndStatus = Exclude<RunStatus, 'running'>;

export interface StoredRun {
  runId: string;
  workflowId: string;
  runName?: string;
  assetKeys: string[];
  partitionKey?: string;
  startedAt: string;
  /** 'running' until the run's end is recorded. */
  status: RunStatus;
  endedAt?: string;
}

/** Whether a write stored something new (false: this (run, step, attempt) was recorded before). */
export interface WriteOutcome {
  recorded: boolean;
}

/** One page of a newest-first listing; pass `next` as `before` to get the page after it. */
export interface Page<T> {
  items: T[];
  next?: string;
}

export interface HistoryQuery {
  /** Only this partition's records. */
  partitionKey?: string;
  /** Page size: 1..1000, default 100. */
  limit?: number;
  /** A `next` cursor from the previous page: records older than it. */
  before?: string;
}

/** What one partition of an asset is, per the catalog. */
export type PartitionState = 'materialized' | 'failed' | 'missing' | 'in_progress';

/** A run of consecutive partition keys (in the definition's order) with the same state. */
export interface PartitionRange {
  state: PartitionState;
  first: string;
  last: string;
  count: number;
}

/**
 * The state of every partition of an asset, as counts and compact ranges. A partition is
 * `in_progress` while a run that targets it has started and neither ended nor materialized it;
 * otherwise `failed` when its newest event is a failed attempt (after its newest success, if any),
 * `materialized` when it is a materialization, `missing` when the catalog has nothing.
 */
export interface PartitionStatusSummary {
  total: number;
  counts: Record<PartitionState, number>;
  ranges: PartitionRange[];
}

/**
 * The asset catalog (Dagster's event log for assets): materializations, failed attempts, asset
 * check results and runs, in a database. Every write is one transaction and idempotent per
 * (run, step, attempt): writing the same one again stores nothing and says so. Implemented by
 * {@link sqliteCatalog} (one file, one machine) and {@link postgresCatalog} (workers on several
 * machines); both pass the same contract suite (`catalog-contract.ts`).
 *
 * It is a {@link MaterializationCatalog} too, so it replaces the file catalog where that is used.
 */
export interface CatalogStore extends MaterializationCatalog {
  /** Where the catalog is, for messages: `sqlite:/path/catalog.sqlite`, `postgres://host:5432/db (schema assetflow)`; never a password. */
  readonly location: string;
  /** Opens the database and applies pending migrations, if that has not happened yet; throws the store's clear errors. */
  ready(): Promise<void>;

  recordMaterialization(input: MaterializationInput): Promise<WriteOutcome>;
  /** Many materializations in one transaction (imports, seeding); returns how many were new. */
  recordMaterializations(inputs: readonly MaterializationInput[]): Promise<number>;
  recordFailure(input: FailureInput): Promise<WriteOutcome>;
  recordCheckResult(input: CheckResultInput): Promise<WriteOutcome>;
  /** Records a run and its target assets (idempotent per run id). */
  recordRunStarted(run: RunStart): Promise<WriteOutcome>;
  /** Records how a run ended; the first end recorded wins. */
  recordRunEnded(runId: string, status: RunEndStatus, endedAt?: string): Promise<WriteOutcome>;

  /** The newest materialization of an asset (of one partition, when given). */
  latestMaterialization(assetKey: string, partitionKey?: string): Promise<StoredMaterialization | undefined>;
  /** The newest materialization of each asset, in one query: of `assetKeys` when given, else of every asset in the catalog. */
  latestMaterializations(assetKeys?: readonly string[]): Promise<Map<string, StoredMaterialization>>;
  /** Materializations of an asset, newest first, a page at a time. */
  materializations(assetKey: string, query?: HistoryQuery): Promise<Page<StoredMaterialization>>;
  /** Failed attempts of an asset, newest first, a page at a time. */
  failures(assetKey: string, query?: HistoryQuery): Promise<Page<StoredFailure>>;
  /** The newest result of each check of an asset (of one partition, when given), by check name. */
  latestCheckResults(assetKey: string, partitionKey?: string): Promise<StoredCheckResult[]>;
  /** A run recorded by {@link recordRunStarted}. */
  run(runId: string): Promise<StoredRun | undefined>;
  /**
   * The state of each of `partitionKeys` (the asset's partition keys in the definition's order):
   * counts and ranges. Keys the catalog knows that are not in the list are ignored.
   */
  partitionStatus(assetKey: string, partitionKeys: readonly string[]): Promise<PartitionStatusSummary>;
  /**
   * A cheap mark that changes whenever a write changes what a status reads (a materialization,
   * failure or check result recorded, a run started or ended), for pollers such as the asset UI's
   * live updates: equal marks mean nothing to re-read. Optional: a store without it is re-read whole.
   */
  changeMark?(): Promise<string>;
  /** The state of one partition of an asset; without `partitionKey`, of an unpartitioned asset. */
  state(assetKey: string, partitionKey?: string): Promise<PartitionState>;

  /** Releases the database (connections, file handle). */
  close(): Promise<void>;
}
