import { ApplicationFailure } from '@temporalio/common';
import { durationText, nextAttempt } from './attempt-failure-log';

const policy = { initialInterval: 1000, backoffCoefficient: 2, maximumInterval: 30_000, maximumAttempts: 4 };

test('a retryable failure says when the next attempt comes, from the retry policy', () => {
  expect(nextAttempt(new Error('sales API answered 503'), 1, policy)).toEqual({ text: 'retrying in 1 s', retryInMs: 1000 });
  expect(nextAttempt(new Error('x'), 3, policy)).toEqual({ text: 'retrying in 4 s', retryInMs: 4000 });
  expect(nextAttempt(new Error('x'), 3, { ...policy, maximumInterval: 2500 })).toEqual({ text: 'retrying in 2.5 s', retryInMs: 2500 });
  expect(nextAttempt(new Error('x'), 9, { initialInterval: 60_000, backoffCoefficient: 2, maximumAttempts: 0 })).toEqual({ text: 'retrying in 100 min', retryInMs: 6_000_000 });
});

test('the last attempt and a non-retryable failure say that nothing follows', () => {
  expect(nextAttempt(new Error('x'), 4, policy)).toEqual({ text: 'no attempts left (4)' });
  expect(nextAttempt(ApplicationFailure.create({ type: 'RunConfigError', message: 'bad', nonRetryable: true }), 1, policy)).toEqual({ text: 'not retried (RunConfigError is not retryable)' });
  expect(nextAttempt(ApplicationFailure.create({ type: 'Fatal', message: 'bad' }), 1, { ...policy, nonRetryableErrorTypes: ['Fatal'] })).toEqual({ text: 'not retried (Fatal is not retryable)' });
});

test("an error's own next retry delay wins over the policy's backoff", () => {
  expect(nextAttempt(ApplicationFailure.create({ message: 'slow down', nextRetryDelay: '5s' }), 1, policy)).toEqual({ text: 'retrying in 5 s', retryInMs: 5000 });
});

test('durations read as seconds or minutes', () => {
  expect([durationText(1000), durationText(1500), durationText(59_000), durationText(90_000)]).toEqual(['1 s', '1.5 s', '59 s', '1.5 min']);
});
