import { resourceParamProblems } from './resources';
import { retryProblems, type RetryPolicy } from './retry';

/** A step's heartbeat timeout unless it sets `heartbeatTimeoutSeconds`: a dead worker's step is retried within about this long. */
export const DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 10;

/** A step's own timeout unless it sets `timeoutSeconds` (15 minutes). */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 900;

/** What the specs of `asset()` and `op()` have in common, as they arrive (unchecked). */
export interface StepSpecFields {
  compute?: unknown;
  ins?: object;
  config?: unknown;
  retry?: RetryPolicy;
  resources?: unknown;
  heartbeatTimeoutSeconds?: unknown;
  timeoutSeconds?: unknown;
}

/** Input names a compute cannot use: it receives config and context under them. */
export const RESERVED_INPUT_NAMES: ReadonlySet<string> = new Set(['config', 'context']);

/**
 * Problems with the fields every step spec (asset or op) shares, each naming `owner`: compute
 * must be a function, inputs may not be named config/context, config must be a zod schema, retry
 * and resources must be well formed, and timeouts positive. Empty when all is well.
 *
 * @example stepSpecProblems(`op '${spec.name}'`, spec)
 */
export function stepSpecProblems(owner: string, spec: StepSpecFields | undefined): string[] {
  const problems: string[] = [];
  if (typeof spec?.compute !== 'function') problems.push(`${owner}: compute must be a function`);
  for (const name of Object.keys(spec?.ins ?? {})) {
    if (RESERVED_INPUT_NAMES.has(name)) problems.push(`${owner}: input name '${name}' is reserved (compute receives config and context under those names); rename the input`);
  }
  if (spec?.config !== undefined && typeof (spec.config as { safeParse?: unknown } | null)?.safeParse !== 'function') {
    problems.push(`${owner}: config must be a zod schema (z.object({...}))`);
  }
  problems.push(...retryProblems(owner, spec?.retry));
  problems.push(...resourceParamProblems(owner, spec?.resources));
  for (const [field, value] of [['heartbeatTimeoutSeconds', spec?.heartbeatTimeoutSeconds], ['timeoutSeconds', spec?.timeoutSeconds]] as const) {
    if (value !== undefined && !(typeof value === 'number' && value > 0)) problems.push(`${owner}: ${field} must be a positive number of seconds`);
  }
  return problems;
}
