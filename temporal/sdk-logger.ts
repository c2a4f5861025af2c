import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/worker';
import { SettingError } from '../errors/setting-error';
import { logLevel, rootLogger, type Logger } from '../execution/logger';

/** The Temporal SDK's levels, lowest first; `OFF` drops everything. */
const SDK_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'OFF'] as const;
export type SdkLogThreshold = (typeof SDK_LEVELS)[number];

/**
 * SDK messages assetflow reports itself, in its own words: a failed activity attempt is one
 * line from the worker (see attempt-failure-log.ts), a failed run is its step table. The SDK's
 * own entries for them (with task tokens and stacks) are kept for DEBUG.
 */
const REPORTED_BY_ASSETFLOW = new Set(['Activity failed', 'Workflow failed']);

/**
 * What the SDK may log: ASSETFLOW_TEMPORAL_LOG_LEVEL when set (TRACE, DEBUG, INFO, WARN, ERROR
 * or OFF); else WARN, or higher when ASSETFLOW_LOG_LEVEL is higher (`error` → ERROR,
 * `silent` → OFF), so quieting assetflow quiets Temporal too.
 */
export function sdkLogThreshold(env: NodeJS.ProcessEnv = process.env): SdkLogThreshold {
  const given = env.ASSETFLOW_TEMPORAL_LOG_LEVEL;
  if (given !== undefined && given !== '') {
    const upper = given.toUpperCase() === 'SILENT' ? 'OFF' : given.toUpperCase();
    if ((SDK_LEVELS as readonly string[]).includes(upper)) return upper as SdkLogThreshold;
    throw new SettingError('ASSETFLOW_TEMPORAL_LOG_LEVEL', given, SDK_LEVELS.join(', '));
  }
  const ours = logLevel(env);
  return ours === 'silent' ? 'OFF' : ours === 'error' || ours === 'fatal' ? 'ERROR' : 'WARN';
}

/** The core (Rust) side's filter level for a threshold (it has no OFF: ERROR, dropped by the logger). */
export function coreLogLevel(threshold: SdkLogThreshold): Exclude<SdkLogThreshold, 'OFF'> {
  return threshold === 'OFF' ? 'ERROR' : threshold;
}

/**
 * The Temporal SDK's logger (for `Runtime.install({ logger })`): its entries go through
 * assetflow's logger, one line each (`component: temporal`), pretty or JSON like every other
 * line; task tokens are dropped and errors shortened to their message (stacks at DEBUG and
 * below). Entries below the threshold are dropped.
 *
 * @example
 * ```ts
 * Runtime.install({ logger: sdkLogger(sdkLogThreshold()) });
 * ```
 */
export function sdkLogger(threshold: SdkLogThreshold, target: () => Logger = () => rootLogger()): SdkLogger {
  const min = SDK_LEVELS.indexOf(threshold);
  const verbose = min <= SDK_LEVELS.indexOf('DEBUG');
  let out: Logger | undefined;
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const effective: LogLevel = REPORTED_BY_ASSETFLOW.has(message) && level !== 'ERROR' ? 'DEBUG' : level;
    if (SDK_LEVELS.indexOf(effective) < min) return;
    out ??= target().child({ component: 'temporal' }, { level: 'trace' });
    out[effective.toLowerCase() as Lowercase<LogLevel>](cleanMeta(meta, verbose), message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/** Metadata without task tokens, errors as one line (`Name: message`), stacks only when verbose. */
function cleanMeta(meta: LogMetadata | undefined, verbose: boolean): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (key === 'taskToken' || value === undefined) continue;
    if (value instanceof Error) {
      clean[key] = `${value.name}: ${oneLine(value.message)}`;
      if (verbose && value.stack) clean[`${key}Stack`] = value.stack;
    } else clean[key] = value;
  }
  return clean;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ⏎ ').trim();
}
