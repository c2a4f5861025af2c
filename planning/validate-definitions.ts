import type { AnyAsset } from '../assets/asset';
import type { AssetCheckDefinition } from '../assets/asset-check';
import type { AssetJobDefinition } from '../assets/asset-job';
import type { JobDefinition } from '../assets/job';
import type { AnyMultiAsset } from '../assets/multi-asset';
import type { AnyOp } from '../assets/op';
import type { ScheduleDefinition } from '../assets/schedule';
import type { SensorDefinition } from '../assets/sensor';
import { DefinitionError } from '../errors/errors';
import { BUILT_IN_IO_MANAGER_KEYS } from '../storage/built-in-io-managers';
import { collectAssets } from './asset-registry';
import { collectChecks } from './check-registry';
import type { DefinitionsSpec } from './definitions-spec';
import { collectJobs } from './job-registry';
import { collectSchedules } from './schedule-registry';
import type { SelectableGraph } from './selection';
import { collectSensors } from './sensor-registry';
import { stepBindingProblems } from './step-bindings';
import { storageProblems } from './storage-check';

/** The definitions of a code location, validated and indexed. */
export interface DefinitionsRegistry {
  readonly assets: ReadonlyMap<string, AnyAsset>;
  /** Multi-assets by name; their outs are in `assets`. */
  readonly multiAssets: ReadonlyMap<string, AnyMultiAsset>;
  /** Ops of the op jobs, by name. */
  readonly ops: ReadonlyMap<string, AnyOp>;
  readonly jobs: ReadonlyMap<string, JobDefinition | AssetJobDefinition>;
  readonly schedules: ReadonlyMap<string, ScheduleDefinition>;
  readonly sensors: ReadonlyMap<string, SensorDefinition>;
  /** Asset checks by asset key (declared with the asset, then given to Definitions). */
  readonly checks: ReadonlyMap<string, readonly AssetCheckDefinition[]>;
  /** The asset graph (selections resolve against it). */
  readonly graph: SelectableGraph;
}

/**
 * Validates everything a code location defines and indexes it, or throws ONE DefinitionError
 * listing every problem of every kind: assets (not an asset, duplicate keys, unknown deps, a
 * second definition under a key, partition mismatches, cycles), IO manager and resource keys of
 * assets and ops, two assets an IO manager would store in one place (or a key it cannot store), jobs, schedules and sensors (duplicates, unknown targets, watched assets).
 * Jobs, schedules and sensors are checked against the assets that could be registered, so a
 * problem with one asset does not hide the others.
 *
 * @example const { assets, graph } = validateDefinitions({ assets: [rawSales, cleanedSales] });
 */
export function validateDefinitions(spec: DefinitionsSpec): DefinitionsRegistry {
  const problems: string[] = [];
  const list = (field: 'assets' | 'checks' | 'jobs' | 'schedules' | 'sensors'): readonly unknown[] => {
    const value: unknown = spec?.[field];
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    problems.push(`Definitions({ ${field} }) must be a list (an array), got ${value === null ? 'null' : typeof value}`);
    return [];
  };
  const { assets, graph, multiAssets } = collectAssets(list('assets'), problems);
  const checks = collectChecks(assets, list('checks'), problems);
  const { jobs, ops } = collectJobs(list('jobs'), graph, problems);
  for (const name of ops.keys()) {
    if (multiAssets.has(name)) problems.push(`op '${name}' has the name of a multi-asset: run config addresses both as ops.${name}; rename one`);
  }
  const bound = {
    ioManagers: [...new Set([...BUILT_IN_IO_MANAGER_KEYS, ...Object.keys(spec?.ioManagers ?? {})])],
    resources: Object.keys(spec?.resources ?? {}),
  };
  for (const a of assets.values()) problems.push(...stepBindingProblems(`asset '${a.key}'`, a, bound));
  for (const o of ops.values()) problems.push(...stepBindingProblems(`op '${o.name}'`, o, bound));
  problems.push(...storageProblems(assets.values(), spec?.ioManagers ?? {}));
  const targets = { graph, jobs };
  const schedules = collectSchedules(list('schedules'), targets, problems);
  const sensors = collectSensors(list('sensors'), targets, problems);
  problems.push(...taskQueueProblems(spec?.taskQueue));
  if (problems.length) throw new DefinitionError([...new Set(problems)]);
  return { assets, multiAssets, checks, ops, jobs, schedules, sensors, graph };
}

/** A task queue name Temporal accepts: a non-empty string without spaces, not under `/_sys/`. */
function taskQueueProblems(taskQueue: unknown): string[] {
  if (taskQueue === undefined) return [];
  if (typeof taskQueue !== 'string' || taskQueue.length === 0 || /\s/.test(taskQueue) || taskQueue.startsWith('/_sys/') || taskQueue.length > 200) {
    return [`Definitions({ taskQueue }) must be a name of 1 to 200 characters without spaces (e.g. 'sales-pipeline'), got ${JSON.stringify(taskQueue)}`];
  }
  return [];
}
