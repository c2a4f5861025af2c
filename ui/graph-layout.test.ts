import { asset } from '../assets/asset';
import { Definitions } from '../planning/definitions';
import { computeLayout, layoutGraph, NODE_WIDTH } from './graph-layout';

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('left to right: every asset right of its upstream; nodes never overlap; one edge per dependency', () => {
  const layout = computeLayout([
    { key: 'a', group: 'g', partitioned: false, upstream: [] },
    { key: 'b', group: 'g', partitioned: true, upstream: ['a'] },
    { key: 'c', group: 'g', partitioned: false, upstream: ['a', 'b', 'not_shown'] },
  ]);
  const at = new Map(layout.nodes.map((n) => [n.key, n]));
  expect(at.get('b')!.x).toBeGreaterThanOrEqual(at.get('a')!.x + NODE_WIDTH);
  expect(at.get('c')!.x).toBeGreaterThanOrEqual(at.get('b')!.x + NODE_WIDTH);
  expect(at.get('b')!.height).toBeGreaterThan(at.get('a')!.height);
  expect(layout.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(['a->b', 'a->c', 'b->c']);
  expect(layout.groups).toEqual([]); // one group: no box
  for (const n of layout.nodes) expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
});

test('groups get boxes holding their nodes, boxes do not overlap, edges between groups connect node to node', () => {
  const nodes = Array.from({ length: 60 }, (_, i) => ({ key: `n${i}`, group: `g${i % 3}`, partitioned: i % 5 === 0, upstream: i ? [`n${i - 1}`, ...(i > 3 ? [`n${i - 4}`] : [])] : [] }));
  const layout = computeLayout(nodes);
  expect(layout.groups.map((g) => g.name).sort()).toEqual(['g0', 'g1', 'g2']);
  for (const n of layout.nodes) {
    const box = layout.groups.find((g) => g.name === n.group)!;
    expect(n.x).toBeGreaterThanOrEqual(box.x);
    expect(n.y).toBeGreaterThanOrEqual(box.y);
    expect(n.x + n.width).toBeLessThanOrEqual(box.x + box.width + 0.001);
    expect(n.y + n.height).toBeLessThanOrEqual(box.y + box.height + 0.001);
  }
  for (const a of layout.groups) for (const b of layout.groups) if (a !== b) expect(overlap(a, b)).toBe(false);
  for (const a of layout.nodes) for (const b of layout.nodes) if (a !== b) expect(overlap(a, b)).toBe(false);
  expect(layout.edges).toHaveLength(nodes.reduce((sum, n) => sum + n.upstream.length, 0));
});

test('layouts are cached per Definitions and key set', () => {
  const a = asset({ key: 'a', compute: () => 1 });
  const b = asset({ key: 'b', ins: { a }, compute: () => 2 });
  const definitions = new Definitions({ assets: [a, b], storageRoot: '/nonexistent/never-written' });
  const all = layoutGraph(definitions, ['a', 'b']);
  expect(layoutGraph(definitions, ['a', 'b'])).toBe(all);
  expect(layoutGraph(definitions, ['b'])).not.toBe(all);
  expect(layoutGraph(new Definitions({ assets: [a, b], storageRoot: '/nonexistent/never-written' }), ['a', 'b'])).not.toBe(all);
});
