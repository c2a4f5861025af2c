import pino from 'pino';
import pretty from 'pino-pretty';
import { hideResources, redactSecrets } from '../assets/redaction';
import { SettingError } from '../errors/setting-error';
import { colorEnabled } from './terminal-colors';

/** The logger handed to computes and IO managers (pino's, tagged with run id and step key). */
export type Logger = pino.Logger;

/** How log lines look: `pretty` (one line each, for people) or `json` (one JSON object per line, for machines). */
export type LogFormat = 'pretty' | 'json';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevelName = (typeof LEVELS)[number];

/** ASSETFLOW_LOG_FORMAT (`pretty` by default, `json` when asked: `--log-format json`). */
export function logFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const value = env.ASSETFLOW_LOG_FORMAT;
  if (value === undefined || value === '') return 'pretty';
  if (value === 'pretty' || value === 'json') return value;
  throw new SettingError('ASSETFLOW_LOG_FORMAT', value, "'pretty' or 'json'");
}

/** ASSETFLOW_LOG_LEVEL (default `info`): trace, debug, info, warn, error, fatal or silent. */
export function logLevel(env: NodeJS.ProcessEnv = process.env): LogLevelName {
  const value = env.ASSETFLOW_LOG_LEVEL?.toLowerCase();
  if (value === undefined || value === '') return 'info';
  if ((LEVELS as readonly string[]).includes(value)) return value as LogLevelName;
  throw new SettingError('ASSETFLOW_LOG_LEVEL', env.ASSETFLOW_LOG_LEVEL!, LEVELS.join(', '));
}

/**
 * Fields every line carries in JSON but a pretty line leaves out: the step or sensor leads the
 * message instead, and run ids and attempts are for machines (and Temporal Web).
 */
const PRETTY_IGNORED = 'pid,hostname,runId,step,sensor,attempt,component,workflowId,retryInMs,partition';

/**
 * A pretty line's message: led by what it is about (the step, the sensor, or `temporal` for
 * the SDK's own entries) unless the message already names it.
 */
function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  const msg = String(log[messageKey] ?? '').replace(/\s*\n\s*/g, ' ');
  const about = typeof log.step === 'string' ? log.step : typeof log.sensor === 'string' ? `sensor ${log.sensor}` : typeof log.component === 'string' ? log.component : undefined;
  return about && !msg.includes(about) ? `${about} ${msg}` : msg;
}

/**
 * Errors in a pretty line's fields as `Name: message` on that line (pino-pretty would print them
 * with their stack over many lines); JSON lines keep the whole error.
 */
function errorsOnOneLine(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(object)) {
    if (value instanceof Error) {
      copy ??= { ...object };
      // `err` is pino's error key, which pino-pretty always prints apart: shown as `error`.
      if (key === 'err') delete copy.err;
      copy[key === 'err' ? 'error' : key] = `${value.name}: ${value.message.replace(/\s*\n\s*/g, ' ')}`;
    }
  }
  return copy ?? object;
}

/**
 * A destination that scrubs secrets from each line before `inner` gets it: values of secrets
 * and passwords of connection strings never reach the log, whatever a line serialized.
 */
function redacting(inner: pino.DestinationStream & { flushSync?: () => void; flush?: (cb?: (err?: Error) => void) => void }): pino.DestinationStream {
  return {
    write: (line: string) => inner.write(redactSecrets(line)),
    ...(inner.flushSync ? { flushSync: () => inner.flushSync!() } : {}),
    ...(inner.flush ? { flush: (cb?: (err?: Error) => void) => inner.flush!(cb) } : {}),
  } as pino.DestinationStream;
}

/** Log fields as written: built resources shown by key (`[resource warehouse]`), never their options. */
function loggedFields(object: Record<string, unknown>): Record<string, unknown> {
  return hideResources(object);
}

let root: Logger | undefined;

/**
 * The process-wide logger, on stderr. `pretty` (the default): one line per entry —
 * `12:00:01.123 WARN raw_sales attempt 1 failed: …` — coloured only on a terminal (NO_COLOR,
 * FORCE_COLOR honoured). `json` (ASSETFLOW_LOG_FORMAT=json, or `--log-format json`): one JSON
 * object per line with every field. Level from ASSETFLOW_LOG_LEVEL (default info). Either way,
 * secret values and connection-string passwords are scrubbed from every line, and resources a
 * compute logs show as `[resource <key>]`.
 */
export function rootLogger(): Logger {
  if (!root) {
    const level = logLevel();
    root =
      logFormat() === 'json'
        ? pino({ level, base: undefined, formatters: { log: loggedFields } }, redacting(pino.destination({ fd: 2, sync: true })))
        : pino(
            { level, base: undefined, formatters: { log: (object) => errorsOnOneLine(loggedFields(object)) } },
            redacting(pretty({
              sync: true,
              destination: 2,
              colorize: colorEnabled(process.stderr),
              singleLine: true,
              errorLikeObjectKeys: [],
              ignore: PRETTY_IGNORED,
              translateTime: 'HH:MM:ss.l',
              messageFormat: prettyMessage,
            })),
          );
    hideResourcesInChildBindings(root);
  }
  return root;
}

/**
 * A JSON logger at the process's level handing each line to `write`, with the root logger's
 * protections: secrets scrubbed from every line, resources shown by key (also in child
 * bindings). A step thread's logger (its lines go to the activity's thread).
 */
export function lineLogger(write: (line: string) => void): Logger {
  const logger = pino({ level: logLevel(), base: undefined, formatters: { log: loggedFields } }, redacting({ write }));
  hideResourcesInChildBindings(logger);
  return logger;
}

/**
 * Child loggers' bindings hide built resources as log fields do (pino's formatters do not reach
 * child bindings). Set on the root, the wrapper is inherited by every descendant logger.
 */
function hideResourcesInChildBindings(logger: Logger): void {
  type ChildOf = (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;
  const child = logger.child as unknown as ChildOf;
  const hiding: ChildOf = function (bindings, options) {
    return child.call(this, hideResources(bindings), options);
  };
  logger.child = hiding as unknown as Logger['child'];
}
