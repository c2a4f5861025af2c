import type { Metadata } from '../execution/metadata';

/** One successful materialization of an asset (or one partition of it). */
export interface MaterializationRecord {
  assetKey: string;
  partitionKey?: string;
  /** The assetflow run id (Temporal run id) and the run's workflow id. */
  runId: string;
  workflowId?: string;
  runName?: string;
  location: string;
  rows?: number;
  metadata: Metadata;
  attempt: number;
  /** ISO time the output was stored. */
  materializedAt: string;
}
