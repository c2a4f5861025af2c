import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes that make runs filterable in Temporal Web
 * (`AssetflowJob = "sales_job"`, `AssetflowAssets = "raw_sales"`). Registered when the dev server starts.
 */
export const JOB = defineSearchAttributeKey('AssetflowJob', SearchAttributeType.KEYWORD);
export const ASSETS = defineSearchAttributeKey('AssetflowAssets', SearchAttributeType.KEYWORD_LIST);
export const TRIGGER = defineSearchAttributeKey('AssetflowTrigger', SearchAttributeType.KEYWORD);
export const PARTITION = defineSearchAttributeKey('AssetflowPartition', SearchAttributeType.KEYWORD);

/** On a re-execution, the workflow id of the run it re-executes; on a backfill retry, the retried backfill's workflow id. */
export const PARENT_RUN = defineSearchAttributeKey('AssetflowParentRun', SearchAttributeType.KEYWORD);

export const ASSETFLOW_SEARCH_ATTRIBUTES = [JOB, ASSETS, TRIGGER, PARTITION, PARENT_RUN];

/** Set by Temporal on runs a schedule starts: the nominal (scheduled) time, also for backfills. Built in, not registered. */
export const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * The most a search attribute value may weigh here, as its JSON: Temporal's default
 * `limit.searchAttributesSizeOfValueLimit` is 2 KiB per value (a keyword list counts whole), and
 * its payload carries some metadata besides.
 */
export const MAX_SEARCH_ATTRIBUTE_VALUE_BYTES = 1900;

/**
 * The `AssetflowAssets` value of a run: its first asset keys, at most 100, as many as fit
 * {@link MAX_SEARCH_ATTRIBUTE_VALUE_BYTES} (asset keys are ASCII, so characters are bytes).
 * Before it, 100 keys of 200 characters made a value the server refused.
 *
 * @example
 * ```ts
 * assetKeysAttribute(['raw_sales', 'cleaned_sales']); // ['raw_sales', 'cleaned_sales']
 * ```
 */
export function assetKeysAttribute(keys: readonly string[]): string[] {
  const value: string[] = [];
  let bytes = 2; // []
  for (const key of keys.slice(0, 100)) {
    bytes += key.length + 2 + (value.length > 0 ? 1 : 0); // "key" and a comma
    if (bytes > MAX_SEARCH_ATTRIBUTE_VALUE_BYTES) break;
    value.push(key);
  }
  return value;
}

/**
 * The asset keys a plan's steps touch, in plan order, each once (the AssetflowAssets value): a
 * check step counts as its asset, a multi-asset's step as its outs.
 */
export function plannedAssetKeys(plan: { steps: readonly { key: string; check?: { assetKey: string }; outputs?: readonly { key: string }[] }[] }): string[] {
  return [...new Set(plan.steps.flatMap((s) => (s.check ? [s.check.assetKey] : s.outputs ? s.outputs.map((o) => o.key) : [s.key])))];
}
