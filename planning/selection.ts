import { didYouMean, SelectionError } from '../errors/errors';
import { reachable, type KeyGraph } from './graph';

/** What a selection resolves against: the graph plus each key's group. */
export interface SelectableGraph extends KeyGraph {
  groupOf: ReadonlyMap<string, string>;
}

/**
 * Resolves a Dagster-style selection to a set of keys.
 *
 * Terms are separated by commas or spaces and united:
 * - `key` — that asset; `group:name` — every asset in the group; `*` — everything;
 * - `+key` — plus its direct upstream (`++key`: two levels), `*key` — plus all upstream;
 * - `key+` / `key*` — the same downstream. Prefixes and suffixes combine: `+key+`.
 *
 * @example resolveSelection(graph, 'raw_sales*, group:marketing')
 */
export function resolveSelection(graph: SelectableGraph, selection: string | readonly string[]): Set<string> {
  const terms = (typeof selection === 'string' ? [selection] : selection)
    .flatMap((s) => s.split(/[\s,]+/))
    .filter((t) => t.length > 0);
  if (terms.length === 0) throw new SelectionError('The selection is empty: name an asset key, group:<name>, or * for everything.');
  const selected = new Set<string>();
  for (const term of terms) for (const key of resolveTerm(graph, term)) selected.add(key);
  return selected;
}

function resolveTerm(graph: SelectableGraph, term: string): Set<string> {
  if (term === '*') return new Set(graph.upstream.keys());
  const match = /^([+*]*)(.*?)([+*]*)$/.exec(term)!;
  const [, prefix, body, suffix] = match;
  if (!body) throw new SelectionError(`Selection term '${term}' names no asset.`);
  const roots = resolveBody(graph, body, term);
  const result = new Set(roots);
  const up = depthOf(prefix, term);
  const down = depthOf(suffix, term);
  for (const root of roots) {
    if (up > 0) for (const k of reachable(graph.upstream, root, up)) result.add(k);
    if (down > 0) for (const k of reachable(graph.downstream, root, down)) result.add(k);
  }
  return result;
}

function resolveBody(graph: SelectableGraph, body: string, term: string): string[] {
  if (body.startsWith('group:')) {
    const group = body.slice('group:'.length);
    const keys = [...graph.groupOf].filter(([, g]) => g === group).map(([k]) => k);
    if (keys.length === 0) {
      const groups = new Set(graph.groupOf.values());
      throw new SelectionError(`Selection '${term}': there is no group '${group}'.${didYouMean(group, groups)} Groups: ${[...groups].sort().join(', ')}.`);
    }
    return keys;
  }
  if (!graph.upstream.has(body)) {
    throw new SelectionError(`Selection '${term}': there is no asset or op '${body}'.${didYouMean(body, graph.upstream.keys())}`);
  }
  return [body];
}

function depthOf(marks: string, term: string): number {
  if (marks === '') return 0;
  if (marks.includes('*')) {
    if (marks !== '*') throw new SelectionError(`Selection '${term}': use either '*' (all levels) or '+' (one level each), not both.`);
    return Infinity;
  }
  return marks.length;
}
