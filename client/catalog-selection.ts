import type { RunPlan } from '../contract/run';
import { SelectionError } from '../errors/errors';
import type { Definitions, PlanOptions } from '../planning/definitions';
import { selectionFunctionsIn, splitCheckTerms, type SelectionFunctionKeys } from '../planning/selection';
import { prepareCatalog } from '../storage/catalog/prepare-catalog';
import { staleAssetKeys } from './asset-catalog';

/** A selection with its selection functions resolved against the catalog. */
export interface CatalogSelection {
  /** The selection as given when it calls no function; else the keys it selects now, upstream first (possibly none), then its check terms. */
  selection: string | readonly string[];
  /** Whether the selection called a function (`stale()`), so that `selection` is a key list read from the catalog. */
  resolved: boolean;
  /** The selection as written, for the run's name (`stale()+`): a resolved key list would name it by its keys. */
  written: string;
}

/**
 * Resolves a selection's functions (`stale()`) where the catalog is, before planning: the plan
 * a workflow receives holds the keys they selected at this moment, never the function (a
 * workflow cannot read the catalog, and a replayed plan must not change). A selection without
 * functions comes back as it is, and the catalog is not read.
 *
 * @example
 * ```ts
 * const { selection } = await resolveCatalogSelection(definitions, 'stale()+');
 * definitions.plan({ selection }); // the stale assets and their downstream, as keys
 * ```
 */
export async function resolveCatalogSelection(definitions: Definitions, selection: string | readonly string[], now = new Date()): Promise<CatalogSelection> {
  const written = typeof selection === 'string' ? selection : selection.join(',');
  const names = selectionFunctionsIn(selection);
  if (names.length === 0) return { selection, resolved: false, written };
  // What a worker does on start: an old JSON-lines catalog in the storage root is imported first.
  await prepareCatalog(definitions.catalog, definitions.storageRoot);
  const functions: SelectionFunctionKeys = {};
  for (const name of names) {
    if (name === 'stale') functions.stale = await staleAssetKeys(definitions, now);
  }
  // Check terms (`<asset>:<check>`) are not asset keys: they go to the plan as written.
  const { assetTerms, checkTerms } = splitCheckTerms(selection);
  return { selection: [...definitions.select(assetTerms, functions), ...checkTerms.map((t) => t.term)], resolved: true, written };
}

/**
 * `definitions.plan(options)` with the selection's functions resolved first (see
 * {@link resolveCatalogSelection}); the run is named by the selection as written (`stale()`)
 * unless `runName` says otherwise. A function selection that selects no asset now is a
 * SelectionError (nothing to run).
 */
export async function planWithCatalog(definitions: Definitions, options: PlanOptions): Promise<RunPlan> {
  if (options.job !== undefined || options.selection === undefined) return definitions.plan(options);
  const chosen = await resolveCatalogSelection(definitions, options.selection, options.now);
  if (!chosen.resolved) return definitions.plan(options);
  if (chosen.selection.length === 0) throw new SelectionError(nothingSelectedMessage(chosen.written));
  return definitions.plan({ ...options, selection: chosen.selection, runName: options.runName ?? chosen.written });
}

/** What to say when a function selection selects nothing now. */
export function nothingSelectedMessage(written: string): string {
  return `Selection '${written}' selects no asset now: no asset is stale (assetflow assets list shows each asset's status). Nothing to materialize.`;
}
