import { didYouMean, SelectionError } from '../errors/errors';
import { reachable, type KeyGraph } from './graph';

/** What a selection resolves against: the graph plus each key's group. */
export interface SelectableGraph extends KeyGraph {
  groupOf: ReadonlyMap<string, string>;
}

/**
 * The selection functions, by name, with what each selects. Their keys come from the catalog,
 * which a pure resolver cannot read: the caller computes them beforehand (see
 * {@link SelectionFunctionKeys}) where the catalog is, e.g. `resolveCatalogSelection` in client/.
 */
export const SELECTION_FUNCTIONS = {
  stale: 'the stale assets: code version changed, or an upstream materialized after them',
} as const;

export type SelectionFunctionName = keyof typeof SELECTION_FUNCTIONS;

/** The keys each selection function selects, computed by the caller from the catalog. */
export type SelectionFunctionKeys = Partial<Record<SelectionFunctionName, Iterable<string>>>;

const FUNCTION_CALL = /^([A-Za-z_][A-Za-z0-9_]*)\(\)$/;

/** A selection term naming an asset check: `<asset>:<check>`, or `<asset>:*` for each of the asset's checks. */
export interface CheckTerm {
  /** The term as written. */
  term: string;
  assetKey: string;
  /** The check's name, or `*` for each check of the asset. */
  checkName: string;
}

const CHECK_TERM = /^([^+*:()]+):([^+*:()]+|\*)$/;

/**
 * Splits a selection into its asset terms (resolved by {@link resolveSelection}) and its check
 * terms (`<asset>:<check>`, `<asset>:*`), which name check steps and are planned by planRun.
 * `group:<name>` is an asset term.
 *
 * @example splitCheckTerms('raw_sales cleaned_sales:row_count') // { assetTerms: ['raw_sales'], checkTerms: [{ term: 'cleaned_sales:row_count', assetKey: 'cleaned_sales', checkName: 'row_count' }] }
 */
export function splitCheckTerms(selection: string | readonly string[]): { assetTerms: string[]; checkTerms: CheckTerm[] } {
  const assetTerms: string[] = [];
  const checkTerms: CheckTerm[] = [];
  for (const term of selectionTerms(selection)) {
    const match = term.startsWith('group:') ? null : CHECK_TERM.exec(term);
    if (match) checkTerms.push({ term, assetKey: match[1], checkName: match[2] });
    else assetTerms.push(term);
  }
  return { assetTerms, checkTerms };
}

/**
 * Resolves a Dagster-style selection to a set of keys.
 *
 * Terms are separated by commas or spaces and united:
 * - `key` — that asset; `group:name` — every asset in the group; `*` — everything;
 * - `+key` — plus its direct upstream (`++key`: two levels), `*key` — plus all upstream;
 * - `key+` / `key*` — the same downstream. Prefixes and suffixes combine: `+key+`;
 * - `<asset>:<check>` / `<asset>:*` — a check term: planRun runs just those checks (see
 *   {@link splitCheckTerms}); this resolver, which selects asset keys, rejects it;
 * - `stale()` — the stale assets (a {@link SELECTION_FUNCTIONS selection function}: its keys
 *   are given in `functions`, computed from the catalog; `stale()+` adds their downstream).
 *
 * @example resolveSelection(graph, 'raw_sales*, group:marketing')
 */
export function resolveSelection(graph: SelectableGraph, selection: string | readonly string[], functions: SelectionFunctionKeys = {}): Set<string> {
  const terms = selectionTerms(selection);
  if (terms.length === 0) throw new SelectionError('The selection is empty: name an asset key, group:<name>, or * for everything.');
  const selected = new Set<string>();
  for (const term of terms) for (const key of resolveTerm(graph, term, functions)) selected.add(key);
  return selected;
}

/**
 * The selection functions a selection calls (each once), so that the caller knows what to
 * compute from the catalog before resolving it. Throws SelectionError for an unknown function,
 * listing the valid ones.
 *
 * @example selectionFunctionsIn('stale()+, raw_sales') // ['stale']
 */
export function selectionFunctionsIn(selection: string | readonly string[]): SelectionFunctionName[] {
  const names = new Set<SelectionFunctionName>();
  for (const term of selectionTerms(selection)) {
    const name = functionOf(bodyOf(term), term);
    if (name) names.add(name);
  }
  return [...names];
}

function selectionTerms(selection: string | readonly string[]): string[] {
  return (typeof selection === 'string' ? [selection] : selection).flatMap((s) => s.split(/[\s,]+/)).filter((t) => t.length > 0);
}

function bodyOf(term: string): string {
  return /^[+*]*(.*?)[+*]*$/.exec(term)![1];
}

/** The function a term's body calls (`stale()`), undefined for a key or group; throws for a bad call. */
function functionOf(body: string, term: string): SelectionFunctionName | undefined {
  if (!body.includes('(') && !body.includes(')')) return undefined;
  const valid = Object.keys(SELECTION_FUNCTIONS).map((n) => `${n}()`).join(', ');
  const call = FUNCTION_CALL.exec(body);
  if (!call) throw new SelectionError(`Selection '${term}': a selection function is written name() with nothing between the parentheses. Functions: ${valid}.`);
  const name = call[1];
  if (!Object.hasOwn(SELECTION_FUNCTIONS, name)) {
    throw new SelectionError(`Selection '${term}': there is no selection function '${name}()'.${didYouMean(name, Object.keys(SELECTION_FUNCTIONS))} Functions: ${valid}.`);
  }
  return name as SelectionFunctionName;
}

function resolveTerm(graph: SelectableGraph, term: string, functions: SelectionFunctionKeys): Set<string> {
  if (term === '*') return new Set(graph.upstream.keys());
  const match = /^([+*]*)(.*?)([+*]*)$/.exec(term)!;
  const [, prefix, body, suffix] = match;
  if (!body) throw new SelectionError(`Selection term '${term}' names no asset.`);
  const roots = resolveBody(graph, body, term, functions);
  const result = new Set(roots);
  const up = depthOf(prefix, term);
  const down = depthOf(suffix, term);
  for (const root of roots) {
    if (up > 0) for (const k of reachable(graph.upstream, root, up)) result.add(k);
    if (down > 0) for (const k of reachable(graph.downstream, root, down)) result.add(k);
  }
  return result;
}

function resolveBody(graph: SelectableGraph, body: string, term: string, functions: SelectionFunctionKeys): string[] {
  const fn = functionOf(body, term);
  if (fn) {
    const keys = functions[fn];
    if (keys === undefined) {
      throw new SelectionError(
        `Selection '${term}': ${fn}() reads the catalog, so it is resolved where the catalog is: ` +
          `resolve the selection with resolveCatalogSelection(definitions, selection) first (assetflow materialize does), then plan with its keys.`,
      );
    }
    return [...keys].filter((k) => graph.upstream.has(k));
  }
  if (body.startsWith('group:')) {
    const group = body.slice('group:'.length);
    const keys = [...graph.groupOf].filter(([, g]) => g === group).map(([k]) => k);
    if (keys.length === 0) {
      const groups = new Set(graph.groupOf.values());
      throw new SelectionError(`Selection '${term}': there is no group '${group}'.${didYouMean(group, groups)} Groups: ${[...groups].sort().join(', ')}.`);
    }
    return keys;
  }
  if (body.includes(':')) {
    throw new SelectionError(
      `Selection '${term}': '${body}' names an asset check (<asset>:<check>). A check term takes no + or * marks, and it is planned by definitions.plan() / startRun, which run just that check.`,
    );
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
