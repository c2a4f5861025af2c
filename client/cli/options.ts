/** Options and argument parsers shared by several commands. */
import fs from 'node:fs';
import { InvalidArgumentError, Option } from 'commander';
import type { Definitions } from '../../planning/definitions';
import { definitionsPath, loadDefinitions } from '../load-definitions';

/** `-d, --defs <file>`: the Definitions module. Read it with {@link definitionsFrom}. */
export const defsOption = () => new Option('-d, --defs <file>', 'Definitions module (default: ASSETFLOW_DEFINITIONS or package.json "assetflow.definitions")');

/** The Definitions a command's `--defs` names (or the default module). */
export function definitionsFrom(options: { defs?: string }): Definitions {
  return loadDefinitions(definitionsPath(options.defs));
}

/** `-c, --config <json|file>`: run config as JSON or a .json file. Read it with {@link readRunConfig}. */
export const runConfigOption = (description: string) => new Option('-c, --config <json|file>', description);

/** `--config '{"ops":...}'` or `--config path/to/config.json`. */
export function readRunConfig(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  const text = value.trim().startsWith('{') ? value : readFile(value);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`--config is not valid JSON (${(err as Error).message}). Pass a JSON object or the path of a .json file.`);
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`--config: cannot read '${file}'. Pass a JSON object ('{"ops": {...}}') or the path of a .json file.`);
  }
}

/** Parses a whole number >= 1 (`--max-parallel`, `--concurrency`, `--limit`). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

/** Parses an ISO time (`--from`, `--to` of `schedules backfill`). */
export function isoTime(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO time such as 2026-11-01T00:00:00Z');
  return date;
}
