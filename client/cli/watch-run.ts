import type { RunResult, StepResult } from '../../contract/run';
import type { RunHandle } from '../runs';

/**
 * Follows a run while it executes: calls `onStep` each time a step changes status (from the
 * workflow's progress query), and resolves with the final step table.
 */
export async function watchRun(run: RunHandle, onStep: (step: StepResult) => void, pollMs = 250): Promise<RunResult> {
  const seen = new Map<string, string>();
  const report = (result: RunResult) => {
    for (const step of result.steps) {
      const signature = `${step.status}:${step.attempts ?? ''}`;
      if (step.status !== 'pending' && seen.get(step.key) !== signature) {
        seen.set(step.key, signature);
        onStep(step);
      }
    }
  };
  let finished = false;
  const final = run.result().finally(() => {
    finished = true;
  });
  while (!finished) {
    try {
      report(await run.progress());
    } catch {
      // The query fails until a worker has picked the workflow up; keep polling.
    }
    await Promise.race([final.catch(() => undefined), new Promise((r) => setTimeout(r, pollMs))]);
  }
  const result = await final;
  report(result);
  return result;
}
