import { AssetflowError } from './assetflow-error';

/**
 * A run that cannot be re-executed, or a backfill that cannot be retried, as asked: no such
 * workflow, still running, nothing failed, or steps of its plan gone from the Definitions. The
 * message says which and what to do instead. Not retried.
 *
 * @example
 * ```ts
 * throw new ReexecutionError("run 'assetflow/run/sales/20261124T101500Z-3fa2c1' succeeded: nothing to re-execute from failure (re-run every step with --all)");
 * ```
 */
export class ReexecutionError extends AssetflowError {
  constructor(message: string) {
    super(message, { code: 'REEXECUTION_REFUSED', retryable: false });
    this.name = 'ReexecutionError';
  }
}
