import pino from 'pino';
import pretty from 'pino-pretty';

/** The logger handed to computes and IO managers (pino's, tagged with run id and step key). */
export type Logger = pino.Logger;

let root: Logger | undefined;

/**
 * The process-wide logger. Human-readable on a terminal, JSON lines otherwise
 * (or when ASSETFLOW_LOG_FORMAT=json). Level from ASSETFLOW_LOG_LEVEL (default info).
 */
export function rootLogger(): Logger {
  if (!root) {
    const level = process.env.ASSETFLOW_LOG_LEVEL ?? 'info';
    const json = process.env.ASSETFLOW_LOG_FORMAT === 'json' || (!process.stderr.isTTY && process.env.ASSETFLOW_LOG_FORMAT !== 'pretty');
    root = json
      ? pino({ level, base: undefined }, pino.destination({ fd: 2, sync: true }))
      : pino({ level, base: undefined }, pretty({ sync: true, destination: 2, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' }));
  }
  return root;
}
