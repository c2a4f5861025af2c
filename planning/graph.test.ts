import { buildGraph, findCycle, reachable, topologicalOrder } from './graph';

const g = (edges: Record<string, string[]>) => buildGraph(new Map(Object.entries(edges)));

describe('graph', () => {
  test('topological order puts upstream first and keeps definition order for ties', () => {
    expect(topologicalOrder(g({ c: ['b'], b: ['a'], a: [], z: [] }))).toEqual(['a', 'b', 'c', 'z']);
  });
  test('topological order of a subset', () => {
    expect(topologicalOrder(g({ c: ['b'], b: ['a'], a: [] }), ['c', 'a'])).toEqual(['a', 'c']);
  });
  test('findCycle returns the closed path', () => {
    expect(findCycle(g({ a: ['c'], b: ['a'], c: ['b'], d: [] }))).toEqual(['a', 'b', 'c', 'a']);
  });
  test('findCycle is undefined for a DAG', () => expect(findCycle(g({ a: [], b: ['a'] }))).toBeUndefined());
  test('a self-dependency is a cycle', () => expect(findCycle(g({ a: ['a'] }))).toEqual(['a', 'a']));
  test('reachable honours depth', () => {
    const graph = g({ a: [], b: ['a'], c: ['b'] });
    expect([...reachable(graph.downstream, 'a', 1)]).toEqual(['b']);
    expect([...reachable(graph.downstream, 'a', Infinity)]).toEqual(['b', 'c']);
  });
});
