import { buildGraph } from './graph';
import { resolveSelection, selectionFunctionsIn, splitCheckTerms, type SelectableGraph } from './selection';

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

describe('selection functions: stale()', () => {
  const stale = (s: string, keys: string[]) => [...resolveSelection(graph(), s, { stale: keys })].sort();
  test('stale() selects the keys given for it, and combines like a key', () => {
    expect(stale('stale()', ['c', 'x'])).toEqual(['c', 'x']);
    expect(stale('stale()+', ['b'])).toEqual(['b', 'c', 'e']);
    expect(stale('+stale()', ['c'])).toEqual(['b', 'c']);
    // Terms are united: stale() and a group.
    expect(stale('stale() group:other', ['c'])).toEqual(['c', 'x', 'y']);
    expect(stale('stale()', [])).toEqual([]);
  });
  test('keys no longer in the graph are dropped', () => expect(stale('stale()', ['c', 'gone'])).toEqual(['c']));
  test('without its keys, stale() says where to resolve it', () => {
    expect(() => sel('stale()')).toThrow(/stale\(\) reads the catalog.*resolveCatalogSelection/);
  });
  test('an unknown function, or arguments, are errors listing the functions', () => {
    expect(() => sel('stael()')).toThrow(/there is no selection function 'stael\(\)'\. Did you mean 'stale'.*Functions: stale\(\)\./);
    expect(() => sel('missing()+')).toThrow(/no selection function 'missing\(\)'.*Functions: stale\(\)/);
    expect(() => sel('stale(x)')).toThrow(/written name\(\) with nothing between the parentheses\. Functions: stale\(\)/);
    expect(() => sel('stale(')).toThrow(/written name\(\)/);
  });
  test('selectionFunctionsIn names the functions a selection calls, once each', () => {
    expect(selectionFunctionsIn('a, b+')).toEqual([]);
    expect(selectionFunctionsIn('stale()+, stale(), a')).toEqual(['stale']);
    expect(selectionFunctionsIn(['x', '*stale()'])).toEqual(['stale']);
    expect(() => selectionFunctionsIn('fresh()')).toThrow(/no selection function 'fresh\(\)'/);
  });
});

describe('check terms: <asset>:<check>', () => {
  it('splits check terms from asset terms; group:name stays an asset term', () => {
    expect(splitCheckTerms('a b:row_count, group:main c:*')).toEqual({
      assetTerms: ['a', 'group:main'],
      checkTerms: [
        { term: 'b:row_count', assetKey: 'b', checkName: 'row_count' },
        { term: 'c:*', assetKey: 'c', checkName: '*' },
      ],
    });
  });
  it('the asset resolver refuses a check term, saying where it is planned', () => {
    expect(() => sel('b:row_count')).toThrow(/'b:row_count' names an asset check/);
    expect(() => sel('+b:row_count')).toThrow(/takes no \+ or \* marks/);
  });
});
