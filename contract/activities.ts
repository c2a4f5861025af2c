/**
 * What the run workflow hands the materialize activity, and the activity id it schedules it
 * under: the wire between workflows/ and activities/ that recorded histories hold. (The other
 * activities take types of their workflow's contract: `RunRequest`, `EvaluateSensorInput`,
 * `BackfillKeysRequest`.) The activity functions' own types stay with them:
 * `AssetflowActivities` in activities/index.ts.
 */
import type { InlineValue, PlanStep } from './run';

/** The input of the `materializeStep` activity: one step of a run's plan. */
export interface MaterializeStepInput {
  runId: string;
  runName: string;
  partitionKey?: string;
  step: PlanStep;
  /** Small upstream op outputs that rode inline, by upstream step key. */
  inlineInputs?: Record<string, InlineValue>;
}

/**
 * The activity id of a step's materialization, `materialize/<step key>` (unique in a run: each
 * step runs once). Replay checks each scheduled activity's id, so a change in which step starts
 * when fails replay loudly; committed histories hold these ids, so the shape must not change.
 */
export function stepActivityId(stepKey: string): string {
  return `materialize/${stepKey}`;
}

/**
 * The activity id of a check step, `check/<asset key>:<check name>` (unique in a run; never a
 * materialization's id, since check steps' keys hold a `:` that asset keys cannot).
 */
export function checkActivityId(stepKey: string): string {
  return `check/${stepKey}`;
}

/** The input of the `recordRunStarted` local activity: a run and the assets it is about to materialize. */
export interface RecordRunStartedInput {
  runId: string;
  workflowId: string;
  runName: string;
  /** The run's asset steps (ops are not assets). */
  assetKeys: string[];
  partitionKey?: string;
}

/** The input of the `recordRunEnded` local activity. */
export interface RecordRunEndedInput {
  runId: string;
  status: 'success' | 'failure' | 'cancelled';
}
