/**
 * The asset graph's layout, computed on the server with dagre (left to right, one box per group)
 * and cached per Definitions and selection: Definitions are immutable values, so a layout never
 * goes stale while a server holds them.
 */
import dagre from '@dagrejs/dagre';
import type { Definitions } from '../planning/definitions';

export const NODE_WIDTH = 236;
export const NODE_HEIGHT = 62;
/** Partitioned nodes are taller: they carry a health bar. */
export const PARTITIONED_NODE_HEIGHT = 74;

export interface LaidOutNode {
  key: string;
  group: string;
  partitioned: boolean;
  /** Top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

export interface LaidOutGroup {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  /** Group boxes; none when every asset is in one group. */
  groups: LaidOutGroup[];
}

const cache = new WeakMap<Definitions, Map<string, GraphLayout>>();

/**
 * The layout of `keys` (asset keys of `definitions`, e.g. a selection's) with the edges among
 * them; computed once per Definitions and key set.
 */
export function layoutGraph(definitions: Definitions, keys: readonly string[]): GraphLayout {
  let perDefinitions = cache.get(definitions);
  if (!perDefinitions) cache.set(definitions, (perDefinitions = new Map()));
  const id = keys.join('\n');
  const cached = perDefinitions.get(id);
  if (cached) return cached;
  const layout = computeLayout(
    keys.map((key) => {
      const asset = definitions.getAsset(key);
      return { key, group: asset.group, partitioned: asset.partitions !== undefined, upstream: definitions.upstreamOf(key) };
    }),
  );
  if (perDefinitions.size > 50) perDefinitions.clear(); // many selections: keep memory bounded
  perDefinitions.set(id, layout);
  return layout;
}

type LayoutInput = { key: string; group: string; partitioned: boolean; upstream: readonly string[] };

const GROUP_PADDING = 16;
const GROUP_LABEL = 30;

/**
 * The layout of nodes with their upstream keys (upstream keys outside the list are ignored). Pure.
 *
 * Each group is laid out on its own (its nodes and the edges inside it), then the groups as boxes
 * (edges between groups as the edges of that graph), then the boxes' contents are moved into
 * place; edges between groups are drawn from node to node. (dagre's compound layout fails on
 * graphs whose edges cross groups often, which real asset graphs do.)
 */
export function computeLayout(nodes: readonly LayoutInput[]): GraphLayout {
  const groupNames = [...new Set(nodes.map((n) => n.group))];
  const present = new Set(nodes.map((n) => n.key));
  const groupOf = new Map(nodes.map((n) => [n.key, n.group]));
  if (groupNames.length === 1) {
    const inner = layoutFlat(nodes, present);
    return { width: inner.width + 2 * GROUP_PADDING, height: inner.height + 2 * GROUP_PADDING, ...shift(inner, GROUP_PADDING, GROUP_PADDING), groups: [] };
  }
  const inners = new Map(groupNames.map((name) => [name, layoutFlat(nodes.filter((n) => n.group === name), present)]));
  const outer = new dagre.graphlib.Graph();
  outer.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 16, marginy: 16 });
  outer.setDefaultEdgeLabel(() => ({}));
  for (const [name, inner] of inners) outer.setNode(name, { width: inner.width + 2 * GROUP_PADDING, height: inner.height + GROUP_PADDING + GROUP_LABEL });
  for (const n of nodes) {
    for (const up of n.upstream) {
      const from = groupOf.get(up);
      if (from !== undefined && from !== n.group) outer.setEdge(from, n.group);
    }
  }
  dagre.layout(outer);

  const laidOut: LaidOutNode[] = [];
  const edges: LaidOutEdge[] = [];
  const groups: LaidOutGroup[] = [];
  for (const [name, inner] of inners) {
    const box = outer.node(name);
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    groups.push({ name, x, y, width: box.width, height: box.height });
    const moved = shift(inner, x + GROUP_PADDING, y + GROUP_LABEL);
    laidOut.push(...moved.nodes);
    edges.push(...moved.edges);
  }
  const at = new Map(laidOut.map((n) => [n.key, n]));
  for (const n of nodes) {
    for (const up of n.upstream) {
      const from = at.get(up);
      const to = at.get(n.key)!;
      if (!from || from.group === to.group) continue;
      edges.push({ from: up, to: n.key, points: [{ x: from.x + from.width, y: from.y + from.height / 2 }, { x: to.x, y: to.y + to.height / 2 }] });
    }
  }
  const graph = outer.graph();
  return { width: Math.max(graph.width ?? 0, 1), height: Math.max(graph.height ?? 0, 1), nodes: laidOut, edges, groups };
}

/** One group's nodes and the edges among them, laid out from (0, 0). */
function layoutFlat(nodes: readonly LayoutInput[], present: ReadonlySet<string>): { width: number; height: number; nodes: LaidOutNode[]; edges: LaidOutEdge[] } {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 64, edgesep: 10, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const inGroup = new Set(nodes.map((n) => n.key));
  for (const n of nodes) g.setNode(n.key, { width: NODE_WIDTH, height: n.partitioned ? PARTITIONED_NODE_HEIGHT : NODE_HEIGHT });
  for (const n of nodes) for (const up of n.upstream) if (present.has(up) && inGroup.has(up)) g.setEdge(up, n.key);
  dagre.layout(g);
  const laidOut = nodes.map((n) => {
    const p = g.node(n.key);
    return { key: n.key, group: n.group, partitioned: n.partitioned, x: p.x - p.width / 2, y: p.y - p.height / 2, width: p.width, height: p.height };
  });
  const edges = g.edges().map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points.map((pt: { x: number; y: number }) => ({ x: pt.x, y: pt.y })) }));
  const graph = g.graph();
  return { width: graph.width ?? NODE_WIDTH, height: graph.height ?? NODE_HEIGHT, nodes: laidOut, edges };
}

function shift<T extends { nodes: LaidOutNode[]; edges: LaidOutEdge[] }>(inner: T, dx: number, dy: number): { nodes: LaidOutNode[]; edges: LaidOutEdge[] } {
  return {
    nodes: inner.nodes.map((n) => ({ ...n, x: n.x + dx, y: n.y + dy })),
    edges: inner.edges.map((e) => ({ ...e, points: e.points.map((p) => ({ x: p.x + dx, y: p.y + dy })) })),
  };
}
