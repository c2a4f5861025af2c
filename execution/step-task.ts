/**
 * What crosses between a materialize activity and the thread that runs its step: the task
 * (plain data, a shared stop flag, a port for log lines) and the step's small reply. Errors
 * travel as plain shapes and are revived on the activity's side with their name, code,
 * retryable flag and stack.
 */
import type { MessagePort } from 'node:worker_threads';
import type { MaterializeStepInput } from '../contract/activities';
import type { MaterializationRecord } from '../contract/materialization';
import type { StepOutput } from '../contract/run';
import { AssetflowError, type AssetflowErrorCode } from '../errors/assetflow-error';
import type { AttemptClaim } from './attempt-fence';

/** The stop flag's values (an Int32Array of one element over a SharedArrayBuffer). */
export const STEP_RUNNING = 0;
export const STEP_CANCELLED = 1;
export const STEP_TIMED_OUT = 2;

export interface StepTask {
  input: MaterializeStepInput;
  attempt: number;
  writerId: string;
  workflowId?: string;
  inlineLimitBytes: number;
  /** One Int32 set by the activity when it stops the step: STEP_CANCELLED or STEP_TIMED_OUT. Read synchronously by the fence. */
  stop: SharedArrayBuffer;
  /** This attempt's claim on the step (see ./attempt-fence). */
  claim?: AttemptClaim;
  /** Where a thread sends its log lines (pino JSON), then `null` once the step ended. */
  logs?: MessagePort;
}

/** The plain form of an error thrown by a step. */
export interface ErrorShape {
  name: string;
  message: string;
  stack?: string;
  /** Set for an AssetflowError. */
  code?: AssetflowErrorCode;
  retryable?: boolean;
  cause?: ErrorShape;
}

export type StepReply =
  | { ok: true; output: StepOutput; record?: MaterializationRecord }
  | { ok: false; error: ErrorShape; cancelled: boolean };

/** An error as plain data (anything thrown, an Error from any realm, with its cause chain). */
export function errorShape(err: unknown, depth = 0): ErrorShape {
  if (typeof err !== 'object' || err === null || typeof (err as Error).message !== 'string') return { name: 'Error', message: String(err) };
  const e = err as Error & { code?: unknown; retryable?: unknown };
  return {
    name: e.name || 'Error',
    message: e.message,
    ...(e.stack ? { stack: e.stack } : {}),
    ...(err instanceof AssetflowError ? { code: err.code, retryable: err.retryable } : {}),
    ...(e.cause !== undefined && depth < 5 ? { cause: errorShape(e.cause, depth + 1) } : {}),
  };
}

/**
 * The error back from its plain form: an AssetflowError (same name, code, retryable flag) when
 * it was one, so activities turn it into the same Temporal failure; otherwise an Error of that
 * name. The stack is the one thrown in the thread.
 */
export function revivedError(shape: ErrorShape): Error {
  const error: Error = shape.code !== undefined ? (Object.create(AssetflowError.prototype) as Error) : new Error(shape.message);
  Object.defineProperties(error, {
    name: { value: shape.name, writable: true, configurable: true },
    message: { value: shape.message, writable: true, configurable: true },
    stack: { value: shape.stack ?? `${shape.name}: ${shape.message}`, writable: true, configurable: true },
    ...(shape.code !== undefined ? { code: { value: shape.code, enumerable: true }, retryable: { value: shape.retryable ?? false, enumerable: true } } : {}),
    ...(shape.cause ? { cause: { value: revivedError(shape.cause), writable: true, configurable: true } } : {}),
  });
  return error;
}
