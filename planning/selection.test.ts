import { buildGraph } from './graph';
import { resolveSelection, type SelectableGraph } from './selection';

//   a → b → c → d        x → y   (group other: x, y)
//        ↘ e
function graph(): SelectableGraph {
  const upstream = new Map<string, string[]>([
    ['a', []], ['b', ['a']], ['c', ['b']], ['d', ['c']], ['e', ['b']], ['x', []], ['y', ['x']],
  ]);
  const groupOf = new Map([...upstream.keys()].map((k) => [k, 'xy'.includes(k) ? 'other' : 'main']));
  return { ...buildGraph(upstream), groupOf };
}

const sel = (s: string) => [...resolveSelection(graph(), s)].sort();

describe('resolveSelection', () => {
  test('a key selects just that asset', () => expect(sel('c')).toEqual(['c']));
  test('* selects everything', () => expect(sel('*')).toEqual(['a', 'b', 'c', 'd', 'e', 'x', 'y']));
  test('+key adds one level of upstream per +', () => {
    expect(sel('+c')).toEqual(['b', 'c']);
    expect(sel('++c')).toEqual(['a', 'b', 'c']);
  });
  test('*key adds all upstream', () => expect(sel('*d')).toEqual(['a', 'b', 'c', 'd']));
  test('key+ and key* add downstream', () => {
    expect(sel('b+')).toEqual(['b', 'c', 'e']);
    expect(sel('b*')).toEqual(['b', 'c', 'd', 'e']);
  });
  test('prefix and suffix combine', () => expect(sel('+c+')).toEqual(['b', 'c', 'd']));
  test('group:name selects the group', () => expect(sel('group:other')).toEqual(['x', 'y']));
  test('terms separated by commas or spaces are united', () => {
    expect(sel('a, y')).toEqual(['a', 'y']);
    expect(sel('a y')).toEqual(['a', 'y']);
  });
  test('an unknown key is an error listing close matches', () => {
    expect(() => sel('cc')).toThrow(/no asset or op 'cc'\. Did you mean 'c'/);
  });
  test('an unknown group is an error listing the groups', () => {
    expect(() => sel('group:mian')).toThrow(/no group 'mian'\. Did you mean 'main'.*Groups: main, other/);
  });
  test('an empty selection is an error', () => expect(() => sel('  ')).toThrow(/empty/));
  test('mixing * and + is an error', () => expect(() => sel('*+c')).toThrow(/either/));
});
