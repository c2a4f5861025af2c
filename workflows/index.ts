/** The workflows a worker registers. Everything under workflows/ runs in Temporal's deterministic sandbox. */
export { assetflowRun } from './run-workflow';
export { assetflowSensor } from './sensor-workflow';
export { assetflowBackfill } from './backfill-workflow';
