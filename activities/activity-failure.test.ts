/** What Temporal sees of an activity's error: toActivityFailure on each kind. */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { AssetflowError } from '../errors/assetflow-error';
import { RunConfigError } from '../errors/errors';
import { InProcessStepError } from '../testkit/execute-in-process';
import { toActivityFailure } from './activity-failure';

test('an AssetflowError becomes a non-retryable ApplicationFailure typed by its name, with its code in the details', () => {
  const error = new RunConfigError([{ path: 'ops.a.config.n', message: 'Expected number, received string' }]);
  const failure = toActivityFailure(error);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: 'RunConfigError', message: error.message, nonRetryable: true, details: [{ code: 'RUN_CONFIG_INVALID' }] });
  expect((failure as ApplicationFailure).cause).toBe(error);
});

test('a retryable AssetflowError stays retryable', () => {
  class SourceBusyError extends AssetflowError {
    constructor() {
      super('the source is busy', { code: 'RESOURCE_MISCONFIGURED', retryable: true });
      this.name = 'SourceBusyError';
    }
  }
  expect(toActivityFailure(new SourceBusyError())).toMatchObject({ type: 'SourceBusyError', nonRetryable: false, details: [{ code: 'RESOURCE_MISCONFIGURED' }] });
  const wrapped = new InProcessStepError('a', new Error('connection reset'));
  expect(toActivityFailure(wrapped)).toMatchObject({ type: 'InProcessStepError', nonRetryable: false, details: [{ code: 'STEP_FAILED' }] });
});

test('a plain Error, a non-Error and a cancellation pass through as they are', () => {
  const plain = new Error('connection reset');
  expect(toActivityFailure(plain)).toBe(plain);
  expect(toActivityFailure('a string')).toBe('a string');
  const cancelled = new CancelledFailure('CANCELLED');
  expect(toActivityFailure(cancelled)).toBe(cancelled);
  const aborted = new DOMException('This operation was aborted', 'AbortError');
  expect(toActivityFailure(aborted)).toBe(aborted);
  const failure = ApplicationFailure.nonRetryable('already a failure', 'Mine');
  expect(toActivityFailure(failure)).toBe(failure);
});
