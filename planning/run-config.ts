import type { z } from 'zod';
import { didYouMean, RunConfigError, type ConfigIssue } from '../errors/errors';
import { findNonJson } from '../storage/values';

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

/**
 * A job's default run config with the launch's run config over it: objects merge key by key,
 * anything else given at launch replaces the default.
 */
export function mergeRunConfig(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = key in merged ? mergeRunConfig(merged[key], value) : value;
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
