/** How often, and how patiently, a failing materialization is retried (a Temporal retry policy). */
export interface RetryPolicy {
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number;
  /** Delay before the first retry, in seconds. Default 1. */
  initialIntervalSeconds?: number;
  /** Multiplier applied to the delay after each retry. Default 2. */
  backoffCoefficient?: number;
  /** Upper bound on the delay, in seconds. Default 60. */
  maximumIntervalSeconds?: number;
}

/** The plain, fully-resolved form that travels in a plan. */
export interface RetrySpec {
  maxAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

export const DEFAULT_RETRY: RetrySpec = {
  maxAttempts: 3,
  initialIntervalMs: 1000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
};

export function resolveRetry(policy: RetryPolicy | undefined): RetrySpec {
  const initialIntervalMs = (policy?.initialIntervalSeconds ?? DEFAULT_RETRY.initialIntervalMs / 1000) * 1000;
  return {
    maxAttempts: policy?.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    initialIntervalMs,
    backoffCoefficient: policy?.backoffCoefficient ?? DEFAULT_RETRY.backoffCoefficient,
    // Temporal refuses a maximum below the initial interval: the default cap grows with it.
    maximumIntervalMs: policy?.maximumIntervalSeconds !== undefined ? policy.maximumIntervalSeconds * 1000 : Math.max(DEFAULT_RETRY.maximumIntervalMs, initialIntervalMs),
  };
}

/** Returns problems with a user's retry policy (empty when fine). */
export function retryProblems(owner: string, policy: RetryPolicy | undefined): string[] {
  if (!policy) return [];
  const problems: string[] = [];
  const { maxAttempts, initialIntervalSeconds, backoffCoefficient, maximumIntervalSeconds } = policy;
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
    problems.push(`${owner}: retry.maxAttempts must be a whole number >= 1 (got ${maxAttempts})`);
  }
  if (initialIntervalSeconds !== undefined && !(initialIntervalSeconds > 0)) {
    problems.push(`${owner}: retry.initialIntervalSeconds must be > 0 (got ${initialIntervalSeconds})`);
  }
  if (backoffCoefficient !== undefined && !(backoffCoefficient >= 1)) {
    problems.push(`${owner}: retry.backoffCoefficient must be >= 1 (got ${backoffCoefficient})`);
  }
  if (maximumIntervalSeconds !== undefined && !(maximumIntervalSeconds > 0)) {
    problems.push(`${owner}: retry.maximumIntervalSeconds must be > 0 (got ${maximumIntervalSeconds})`);
  }
  if (maximumIntervalSeconds !== undefined && maximumIntervalSeconds < (initialIntervalSeconds ?? DEFAULT_RETRY.initialIntervalMs / 1000)) {
    problems.push(`${owner}: retry.maximumIntervalSeconds (${maximumIntervalSeconds}) must be >= initialIntervalSeconds (${initialIntervalSeconds ?? DEFAULT_RETRY.initialIntervalMs / 1000})`);
  }
  return problems;
}
