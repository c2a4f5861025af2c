/** A dependency graph over string keys: `upstream.get(k)` lists what k depends on. */
export interface KeyGraph {
  upstream: ReadonlyMap<string, readonly string[]>;
  downstream: ReadonlyMap<string, readonly string[]>;
}

export function buildGraph(upstream: ReadonlyMap<string, readonly string[]>): KeyGraph {
  const downstream = new Map<string, string[]>();
  for (const key of upstream.keys()) downstream.set(key, []);
  for (const [key, ups] of upstream) {
    for (const up of ups) downstream.get(up)?.push(key);
  }
  return { upstream, downstream };
}

/** A cycle as a closed path (`a → b → c → a`), or undefined when the graph is acyclic. */
export function findCycle(graph: KeyGraph): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): string[] | undefined => {
    state.set(key, 'visiting');
    stack.push(key);
    for (const up of graph.upstream.get(key) ?? []) {
      if (!graph.upstream.has(up)) continue;
      const s = state.get(up);
      if (s === 'visiting') return [...stack.slice(stack.indexOf(up)), up].reverse();
      if (s === undefined) {
        const found = visit(up);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const key of graph.upstream.keys()) {
    if (!state.has(key)) {
      const found = visit(key);
      if (found) return found;
    }
  }
  return undefined;
}

/** Keys in dependency order (upstream first); ties keep definition order. Assumes no cycle. */
export function topologicalOrder(graph: KeyGraph, keys: Iterable<string> = graph.upstream.keys()): string[] {
  const wanted = new Set(keys);
  const order: string[] = [];
  const done = new Set<string>();
  // Walk through unwanted keys too, so that a → b → c orders a before c when b is not wanted.
  const visit = (key: string) => {
    if (done.has(key)) return;
    done.add(key);
    for (const up of graph.upstream.get(key) ?? []) visit(up);
    if (wanted.has(key)) order.push(key);
  };
  for (const key of graph.upstream.keys()) if (wanted.has(key)) visit(key);
  return order;
}

/** Keys reachable from `start` along `edges` within `depth` steps (Infinity for all), excluding start. */
export function reachable(edges: ReadonlyMap<string, readonly string[]>, start: string, depth: number): Set<string> {
  const found = new Set<string>();
  let frontier = [start];
  for (let level = 0; level < depth && frontier.length; level++) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const neighbour of edges.get(key) ?? []) {
        if (!found.has(neighbour) && neighbour !== start) {
          found.add(neighbour);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }
  return found;
}
