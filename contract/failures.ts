/**
 * The failure types with which assetflow's workflows fail (the `type` of the ApplicationFailure
 * a failed workflow ends with), shared by the workflows that raise them and the clients that
 * recognise them. Recorded in histories: never rename them.
 */

/** An `assetflowRun` whose steps did not all succeed; its details hold the run's step table (RunResult). */
export const RUN_FAILED = 'AssetflowRunFailed';

/** An `assetflowBackfill` with failed partitions; its details hold the backfill's progress (BackfillProgress). */
export const BACKFILL_FAILED = 'AssetflowBackfillFailed';
