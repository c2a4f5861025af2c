import { patched } from '@temporalio/workflow';
import { assetKeysAttribute } from '../contract/search-attributes';

/**
 * Patch: the `AssetflowAssets` search attribute a workflow sets holds as many of the first 100
 * asset keys as fit a search attribute value (`assetKeysAttribute`); before it, all 100, and 100
 * long keys made a value the server refused (the workflow task failing on every retry). Called
 * only when the bound drops keys, so other executions record no marker.
 */
export const BOUNDED_ASSETS_ATTRIBUTE_PATCH = 'assetflow-assets-search-attribute-is-bounded';

/** The `AssetflowAssets` value for a run of `keys`, bounded unless this execution set the whole list before the patch. */
export function assetsAttributeValue(keys: readonly string[]): string[] {
  const bounded = assetKeysAttribute(keys);
  const unbounded = keys.slice(0, 100);
  return bounded.length === unbounded.length || patched(BOUNDED_ASSETS_ATTRIBUTE_PATCH) ? bounded : unbounded;
}
