/**
 * The plan of a re-execution, made from an earlier run's plan and the outputs its steps left
 * (Dagster's re-execution: FROM_FAILURE, or every step again). Pure: the client reads the
 * earlier run from Temporal (client/reexecute.ts) and hands it here.
 */
import { checkStopsDownstream, type PlanStep, type ReexecutionMode, type RunPlan, type StepOutput, type StepResult } from '../contract/run';
import { ReexecutionError } from '../errors/reexecution-error';

/** An earlier run as its history has it: its plan, and the output of each step that succeeded. */
export interface PreviousRun {
  workflowId: string;
  runId: string;
  plan: RunPlan;
  /** The output each succeeded step returned, by step key (steps that failed, were skipped or never ran have none). */
  outputs: Readonly<Record<string, StepOutput>>;
}

/** What a plan's step needs of the Definitions: whether a step of that kind and key still exists. */
export type StepExists = (step: Pick<PlanStep, 'key' | 'kind' | 'check'>) => boolean;

/**
 * The plan that re-executes `previous`: with `'all'` its every step again; with
 * `'from-failure'` only the steps that did not succeed (failed, skipped, cancelled or never
 * started), each input from a step that succeeded then marked with `fromRun`, so it is read
 * where that run stored it (op outputs live under their run's id) or taken from its history
 * (small op outputs that rode inline). The steps that succeeded become rows of the new run's
 * step table with `reusedFrom`. Same selection, partition, config, tags and parallelism as
 * the earlier run; trigger `manual`.
 *
 * Refuses (ReexecutionError) a plan with steps the Definitions no longer have, naming them, and
 * a from-failure re-execution of a run whose steps all succeeded.
 *
 * @example
 * ```ts
 * const plan = reexecutionPlan(previous, 'from-failure', (s) => (s.kind === 'op' ? definitions.ops : definitions.assets).has(s.key));
 * plan.steps.map((s) => s.key); // ['summary', 'report']: the failed step and the one it skipped
 * ```
 */
export function reexecutionPlan(previous: PreviousRun, mode: ReexecutionMode, exists: StepExists): RunPlan {
  const old = previous.plan;
  const gone = old.steps.filter((s) => !exists(s));
  if (gone.length) {
    throw new ReexecutionError(
      `run '${previous.workflowId}' cannot be re-executed: its plan has ${gone.map((s) => `${s.kind} '${s.key}'`).join(', ')}, which these Definitions no longer have; ` +
        'put them back, or start a new run of what exists now',
    );
  }
  const parent = { workflowId: previous.workflowId, runId: previous.runId, mode };
  // An earlier re-execution's reused steps stay reused, from the run that made them.
  const base: RunPlan = { ...old, trigger: 'manual', parent };
  if (mode === 'all') return base;

  // A check step whose check failed and stopped its downstream ended 'failed' (its activity completed): run it again.
  const succeeded = (key: string) => {
    const output = previous.outputs[key];
    return output !== undefined && !(output.check && checkStopsDownstream(output.check));
  };
  const reused = old.steps.filter((s) => succeeded(s.key));
  const rerun = old.steps.filter((s) => !succeeded(s.key));
  if (rerun.length === 0) {
    throw new ReexecutionError(`run '${previous.workflowId}' has no failed or skipped step: nothing to re-execute from failure (re-run every step with --all)`);
  }
  const rerunKeys = new Set(rerun.map((s) => s.key));
  const from = { workflowId: previous.workflowId, runId: previous.runId };
  const steps = rerun.map((step): PlanStep => ({
    ...step,
    upstream: step.upstream.filter((k) => rerunKeys.has(k)),
    inputs: step.inputs.map((input) => {
      const output = succeeded(input.from) ? previous.outputs[input.from] : undefined;
      // Inputs from steps run again here, or from outside the earlier plan, read as they did then.
      if (output === undefined) return input;
      return { ...input, fromRun: { ...from, ...(output.inline ? { inline: output.inline } : {}) } };
    }),
  }));
  const reusedSteps = [...(old.reusedSteps ?? []), ...reused.map((s): StepResult => reusedRow(s.key, previous.outputs[s.key], from))];
  return { ...base, steps, reusedSteps };
}

function reusedRow(key: string, output: StepOutput, from: { workflowId: string; runId: string }): StepResult {
  return {
    key,
    status: 'succeeded',
    ...(output.rows !== undefined ? { rows: output.rows } : {}),
    durationMs: output.durationMs,
    location: output.location,
    attempts: output.attempt,
    reusedFrom: from,
  };
}
