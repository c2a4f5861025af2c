import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { redactError } from '../assets/redaction';
import { AssetflowError } from '../errors/assetflow-error';

/** The one `details` entry of the ApplicationFailure an AssetflowError becomes. */
export interface AssetflowFailureDetails {
  code: AssetflowError['code'];
}

/**
 * What an activity throws for an error, so that Temporal sees it as assetflow means it:
 *
 * - an {@link AssetflowError} becomes an `ApplicationFailure` whose type is the error's name
 *   (`RunConfigError`, `InvalidSensorResult`…), with its message, non-retryable unless the
 *   error is retryable, `[{ code }]` as details and the error as cause;
 * - a cancellation (the activity's `CancelledFailure`, or an `AbortError` from its
 *   cancellation signal) is returned as is, so the worker reports the attempt cancelled;
 * - anything else is returned as is: Temporal retries it, as it does by default.
 *
 * Secret values and connection-string passwords are scrubbed from the error's message and stack
 * first. Every activity catches once and throws `toActivityFailure(err)`.
 */
export function toActivityFailure(err: unknown): unknown {
  if (isCancellation(err)) return err;
  // Secrets (a connection string's password in a driver's message) never reach Temporal history.
  redactError(err);
  if (err instanceof AssetflowError) {
    const details: AssetflowFailureDetails[] = [{ code: err.code }];
    return ApplicationFailure.create({ type: err.name, message: err.message, nonRetryable: !err.retryable, details, cause: err });
  }
  return err;
}

/** The forms an activity's cancellation takes (an AbortError may come from another realm, so it is known by name). */
export function isCancellation(err: unknown): boolean {
  return err instanceof CancelledFailure || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError');
}
