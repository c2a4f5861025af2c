import type { z } from 'zod';
import { didYouMean, RunConfigError, RunConfigTooLargeError, type ConfigIssue } from '../errors/errors';
import { findNonJson } from '../storage/values';

/**
 * The most run config may weigh, as JSON: 256 KiB. It travels in the run's workflow input (a
 * backfill's too, and each of its runs' plans), and Temporal refuses a payload over 2 MiB only
 * after a long wait; so an oversize config is refused before anything is sent.
 */
export const MAX_RUN_CONFIG_BYTES = 256 * 1024;

/**
 * Throws RunConfigTooLargeError when `runConfig` is over {@link MAX_RUN_CONFIG_BYTES} as JSON
 * (UTF-8 bytes). Config that is not JSON at all is left to {@link validateRunConfig}.
 */
export function checkRunConfigSize(runConfig: unknown): void {
  if (runConfig === undefined) return;
  let text: string | undefined;
  try {
    text = JSON.stringify(runConfig);
  } catch {
    return;
  }
  if (text === undefined) return;
  // Characters are at most 3 UTF-8 bytes each, so a short text needs no count.
  if (text.length * 3 <= MAX_RUN_CONFIG_BYTES) return;
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_RUN_CONFIG_BYTES) throw new RunConfigTooLargeError(bytes, MAX_RUN_CONFIG_BYTES);
}

/**
 * Keys that reach an object's prototype when assigned (`__proto__`), refused anywhere in run
 * config: `{"__proto__": {"isAdmin": true}}` must never give a config an `isAdmin`.
 */
const PROTOTYPE_KEY = '__proto__';

/**
 * Run config in Dagster's shape: `{ ops: { <asset key or op name>: { config: {...} } } }`.
 * `assets` is accepted as an alias of `ops`.
 */
export interface RunConfig {
  ops?: Record<string, { config?: unknown }>;
  assets?: Record<string, { config?: unknown }>;
}

export interface ConfigurableStep {
  key: string;
  config?: z.ZodType;
}

/**
 * Validates `runConfig` for the steps of a run. Returns each configured step's config to put in
 * the plan; throws RunConfigError listing every problem with its path.
 */
export function validateRunConfig(
  runConfig: unknown,
  steps: readonly ConfigurableStep[],
  allKeys: Iterable<string>,
): Map<string, unknown> {
  const issues: ConfigIssue[] = [];
  const configs = new Map<string, unknown>();
  for (const path of prototypeKeyPaths(runConfig, '')) {
    issues.push({ path, message: `the key '${PROTOTYPE_KEY}' is refused in run config (it would set the prototype of the object it is in); rename it` });
  }
  if (issues.length) throw new RunConfigError(issues);
  const entries = readEntries(runConfig, issues);
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const known = new Set(allKeys);
  for (const [section, key] of entries.keys()) {
    if (byKey.has(key)) continue;
    issues.push({
      path: `${section}.${key}`,
      message: known.has(key)
        ? `'${key}' is not part of this run (it runs: ${[...byKey.keys()].join(', ')}); remove its config or select it`
        : `there is no asset or op '${key}'.${didYouMean(key, known)}`,
    });
  }
  const given = new Map([...entries].map(([[section, key], value]) => [key, { section, value }]));
  for (const step of steps) {
    const entry = given.get(step.key);
    const base = `${entry?.section ?? 'ops'}.${step.key}`;
    if (entry && (typeof entry.value !== 'object' || entry.value === null || Array.isArray(entry.value))) {
      issues.push({ path: base, message: `expected an object like { config: {...} }` });
      continue;
    }
    const extra = entry ? Object.keys(entry.value as object).filter((k) => k !== 'config') : [];
    for (const k of extra) issues.push({ path: `${base}.${k}`, message: `unknown field; only 'config' goes here` });
    const raw = (entry?.value as { config?: unknown } | undefined)?.config;
    if (!step.config) {
      if (raw !== undefined) issues.push({ path: `${base}.config`, message: `'${step.key}' takes no config` });
      continue;
    }
    const parsed = step.config.safeParse(raw ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: joinPath([`${base}.config`, ...issue.path]), message: issue.message });
      continue;
    }
    configs.set(step.key, planConfig(step.config, raw ?? {}, parsed.data));
  }
  if (issues.length) throw new RunConfigError(issues);
  return configs;
}

function readEntries(runConfig: unknown, issues: ConfigIssue[]): Map<[string, string], unknown> {
  const entries = new Map<[string, string], unknown>();
  if (runConfig === undefined || runConfig === null) return entries;
  if (typeof runConfig !== 'object' || Array.isArray(runConfig)) {
    issues.push({ path: '', message: 'run config must be an object like { ops: { <name>: { config: {...} } } }' });
    return entries;
  }
  for (const [section, value] of Object.entries(runConfig)) {
    if (section !== 'ops' && section !== 'assets') {
      issues.push({ path: section, message: `unknown section; run config has 'ops' (or its alias 'assets')` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path: section, message: 'expected an object keyed by asset key or op name' });
      continue;
    }
    for (const [key, entry] of Object.entries(value)) entries.set([section, key], entry);
  }
  return entries;
}

/**
 * Prefer the validated value (defaults applied) so the run's input in Temporal Web shows what
 * runs, but only when it is plain JSON and parses to itself again (no transforms): the
 * activity parses the plan's config with the same schema.
 */
function planConfig(schema: z.ZodType, raw: unknown, parsed: unknown): unknown {
  if (findNonJson(parsed) !== undefined) return raw;
  const again = schema.safeParse(parsed);
  return again.success && JSON.stringify(again.data) === JSON.stringify(parsed) ? parsed : raw;
}

function joinPath(parts: ReadonlyArray<PropertyKey>): string {
  return parts.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`), '').slice(1);
}

/** Paths of every `__proto__` key (an own property, as JSON.parse makes them) in `value`. */
function prototypeKeyPaths(value: unknown, at: string, depth = 0): string[] {
  if (typeof value !== 'object' || value === null || depth > 64) return [];
  const paths: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => paths.push(...prototypeKeyPaths(item, `${at}[${i}]`, depth + 1)));
    return paths;
  }
  for (const key of Object.keys(value)) {
    const path = at ? `${at}.${key}` : key;
    if (key === PROTOTYPE_KEY) paths.push(path);
    else paths.push(...prototypeKeyPaths((value as Record<string, unknown>)[key], path, depth + 1));
  }
  return paths;
}

/**
 * A job's default run config with the launch's run config over it: objects merge key by key,
 * anything else given at launch replaces the default. Only own keys are read and every key is
 * written as an own property (`__proto__`, `constructor` and `prototype` included), so merging
 * never reaches or sets a prototype.
 */
export function mergeRunConfig(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) defineOwn(merged, key, value);
  for (const [key, value] of Object.entries(override)) defineOwn(merged, key, Object.hasOwn(merged, key) ? mergeRunConfig(merged[key], value) : value);
  return merged;
}

/** `target[key] = value` as an own data property, even for `__proto__` (an assignment would set the prototype). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
