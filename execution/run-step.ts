import type { Definitions } from '../planning/definitions';
import { isCancellation } from '../activities/activity-failure';
import { redactError } from '../assets/redaction';
import { attemptFence } from './attempt-fence';
import { executeStep } from './execute-step';
import type { Logger } from './logger';
import { errorShape, STEP_CANCELLED, STEP_RUNNING, STEP_TIMED_OUT, type StepReply, type StepTask } from './step-task';

/** How often a step looks at its stop flag to abort its signal (the fence reads it directly). */
const STOP_POLL_MS = 20;

/**
 * Runs one step task (load inputs, compute, store, record) where it is called: in a step
 * thread, or on the worker's own thread when it runs steps there. The step's signal aborts
 * once the activity sets the stop flag; the fence refuses to publish from then on, or once a
 * newer attempt claimed the step. Never throws: failures come back as a reply.
 */
export async function runStep(definitions: Definitions, task: StepTask, log: Logger): Promise<StepReply> {
  const { input } = task;
  const flag = new Int32Array(task.stop);
  const controller = new AbortController();
  const stopped = () => stopReason(Atomics.load(flag, 0));
  const poll = setInterval(() => {
    const why = stopped();
    if (why) {
      clearInterval(poll);
      controller.abort(Object.assign(new Error(`step ${why}`), { name: 'AbortError' }));
    }
  }, STOP_POLL_MS);
  try {
    const { value: _value, record, ...output } = await executeStep({
      definitions,
      step: input.step,
      runId: input.runId,
      partitionKey: input.partitionKey,
      attempt: task.attempt,
      writerId: task.writerId,
      workflowId: task.workflowId,
      runName: input.runName,
      log,
      signal: controller.signal,
      inlineInputs: input.inlineInputs,
      inlineLimitBytes: task.inlineLimitBytes,
      fence: attemptFence(task.claim, input.step.key, task.attempt, stopped),
    });
    return { ok: true, output, ...(record ? { record } : {}) };
  } catch (err) {
    // Scrubbed here, where the step's secrets were revealed (each thread knows only its own).
    return { ok: false, error: errorShape(redactError(err)), cancelled: stopped() !== undefined || isCancellation(err) };
  } finally {
    clearInterval(poll);
  }
}

function stopReason(flag: number): string | undefined {
  if (flag === STEP_RUNNING) return undefined;
  if (flag === STEP_CANCELLED) return 'cancelled';
  if (flag === STEP_TIMED_OUT) return 'timed out';
  return `stopped (${flag})`;
}
