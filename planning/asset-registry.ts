import { isAsset, upstreamKeys, type AnyAsset, type AssetIns } from '../assets/asset';
import { isMultiAsset, type AnyMultiAsset } from '../assets/multi-asset';
import { didYouMean } from '../errors/errors';
import { buildGraph, findCycle } from './graph';
import type { SelectableGraph } from './selection';

/** The assets given to Definitions, by key, and the graph over them. */
export interface AssetRegistry {
  readonly assets: ReadonlyMap<string, AnyAsset>;
  readonly graph: SelectableGraph;
  /** Multi-assets by name (their outs are in `assets`). */
  readonly multiAssets: ReadonlyMap<string, AnyMultiAsset>;
}

/**
 * The assets given to Definitions, checked: each is an asset, keys are unique, every upstream is
 * among them (and is the asset registered under its key), partitioned assets read upstreams
 * partitioned the same way, and there is no cycle. Problems are appended to `problems`; the
 * registry holds the first asset of each key and edges to known keys only, so selections can
 * still be checked against it.
 */
export function collectAssets(list: readonly unknown[], problems: string[]): AssetRegistry {
  const assets = new Map<string, AnyAsset>();
  const multiAssets = new Map<string, AnyMultiAsset>();
  const add = (a: AnyAsset) => {
    const known = assets.get(a.key);
    if (!known) assets.set(a.key, a);
    else if (known.multi || a.multi) problems.push(`asset key '${a.key}' is defined twice (${describeAsset(known)} and ${describeAsset(a)}): each asset needs its own key`);
    else problems.push(`asset key '${a.key}' is defined twice: each asset needs its own key`);
  };
  for (const [i, a] of list.entries()) {
    if (isMultiAsset(a)) {
      if (multiAssets.has(a.name)) problems.push(`multi-asset name '${a.name}' is used twice: each multi-asset needs its own name`);
      else multiAssets.set(a.name, a);
      Object.values(a.outs).forEach(add);
    } else if (isAsset(a)) add(a);
    else problems.push(`assets[${i}] is not an asset built by asset() or multiAsset()`);
  }
  for (const name of multiAssets.keys()) {
    if (assets.has(name)) problems.push(`multi-asset '${name}' has the name of ${describeAsset(assets.get(name)!)}: run config addresses both as ops.${name}; rename one`);
  }
  const upstream = new Map<string, string[]>();
  for (const a of assets.values()) {
    const ups = upstreamKeys(a);
    problems.push(...upstreamProblems(a, ups, assets));
    upstream.set(a.key, ups.filter((u) => assets.has(u)));
  }
  const graph = buildGraph(upstream);
  const cycle = findCycle(graph);
  if (cycle) problems.push(`dependency cycle: ${cycle.join(' → ')}`);
  return { assets, multiAssets, graph: { ...graph, groupOf: new Map([...assets.values()].map((a) => [a.key, a.group])) } };
}

/** `asset 'a'`, or `out 'a' of multi-asset 'm'`. */
function describeAsset(a: AnyAsset): string {
  return a.multi ? `out '${a.multi.out}' of multi-asset '${a.multi.name}'` : `asset '${a.key}'`;
}

function upstreamProblems(a: AnyAsset, ups: readonly string[], assets: ReadonlyMap<string, AnyAsset>): string[] {
  const problems: string[] = [];
  for (const up of ups) {
    if (!assets.has(up)) {
      problems.push(`asset '${a.key}' depends on '${up}', which is not in these Definitions: add it to assets.${didYouMean(up, assets.keys())}`);
    }
  }
  for (const upAsset of Object.values(a.ins as AssetIns)) {
    const registered = assets.get(upAsset.key);
    if (registered && registered !== upAsset) {
      problems.push(`asset '${a.key}' reads an asset '${upAsset.key}' that is not the one registered under that key (two definitions share the key)`);
    }
  }
  for (const up of ups) {
    const upPartitions = assets.get(up)?.partitions;
    if (a.partitions && upPartitions && upPartitions.id !== a.partitions.id) {
      problems.push(
        `asset '${a.key}' is partitioned ${a.partitions.description} but its upstream '${up}' is partitioned ${upPartitions.description}: ` +
          'a partitioned asset reads upstreams partitioned the same way (partition to partition) or unpartitioned ones',
      );
    }
  }
  return problems;
}
