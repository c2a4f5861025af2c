import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes that make runs filterable in Temporal Web
 * (`AssetflowJob = "sales_job"`, `AssetflowAssets = "raw_sales"`). Registered when the dev server starts.
 */
export const JOB = defineSearchAttributeKey('AssetflowJob', SearchAttributeType.KEYWORD);
export const ASSETS = defineSearchAttributeKey('AssetflowAssets', SearchAttributeType.KEYWORD_LIST);
export const TRIGGER = defineSearchAttributeKey('AssetflowTrigger', SearchAttributeType.KEYWORD);
export const PARTITION = defineSearchAttributeKey('AssetflowPartition', SearchAttributeType.KEYWORD);

export const ASSETFLOW_SEARCH_ATTRIBUTES = [JOB, ASSETS, TRIGGER, PARTITION];

/** Set by Temporal on runs a schedule starts: the nominal (scheduled) time, also for backfills. Built in, not registered. */
export const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);
