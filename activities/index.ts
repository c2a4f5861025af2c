import type { Definitions } from '../planning/definitions';
import { mainThreadStepRunner, type StepRunner } from '../execution/step-runner';
import { evaluateSensorActivity } from './evaluate-sensor';
import { backfillPartitionKeysActivity } from './backfill-keys';
import { materializeStepActivity } from './materialize-step';
import { planRunActivity } from './plan-run';
import { recordRunEndedActivity, recordRunStartedActivity } from './record-run';

/**
 * The activities a worker registers for a Definitions value, its steps run by `steps` (the
 * worker's step threads; by default the calling thread). Workflows import this module's types
 * only (`import type`), never its code.
 */
export function createActivities(definitions: Definitions, steps: StepRunner = mainThreadStepRunner(definitions)) {
  return {
    materializeStep: materializeStepActivity(definitions, steps),
    // A check step runs the same way (a step thread loads the asset's stored value, runs the
    // check, records its result), under its own activity type so Temporal Web tells them apart.
    runCheck: materializeStepActivity(definitions, steps),
    planRun: planRunActivity(definitions),
    evaluateSensor: evaluateSensorActivity(definitions),
    backfillPartitionKeys: backfillPartitionKeysActivity(definitions),
    recordRunStarted: recordRunStartedActivity(definitions),
    recordRunEnded: recordRunEndedActivity(definitions),
  };
}

export type AssetflowActivities = ReturnType<typeof createActivities>;
export type { MaterializeStepInput, RecordRunEndedInput, RecordRunStartedInput } from '../contract/activities';
