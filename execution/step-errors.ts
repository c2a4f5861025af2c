import { AssetflowError } from '../errors/assetflow-error';

/**
 * A step ran past its own `timeoutSeconds` (asset or op option): its signal was aborted and,
 * when it did not stop within the grace period, its thread was terminated. Not retried: the
 * next attempt would wait as long; raise `timeoutSeconds` if the step needs longer.
 */
export class StepTimeoutError extends AssetflowError {
  constructor(readonly stepKey: string, readonly timeoutSeconds: number) {
    super(`'${stepKey}' did not finish within its timeoutSeconds (${timeoutSeconds} s) and was stopped; raise timeoutSeconds on '${stepKey}' if it needs longer`, { code: 'STEP_TIMED_OUT', retryable: false });
    this.name = 'StepTimeoutError';
  }
}

/**
 * An attempt that may no longer publish tried to: it was cancelled, it timed out, or a newer
 * attempt of the same step started (the attempt fence). Its output was discarded before the
 * rename and before the catalog record, so the previous output stays as it was.
 */
export class SupersededAttemptError extends AssetflowError {
  constructor(stepKey: string, attempt: number, why: string) {
    super(`attempt ${attempt} of '${stepKey}' may not publish its output (${why}): it was discarded, the previous output is unchanged`, { code: 'ATTEMPT_SUPERSEDED', retryable: false });
    this.name = 'SupersededAttemptError';
  }
}
