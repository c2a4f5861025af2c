import type { BackfillKeysPage, BackfillKeysRequest } from '../contract/backfill';
import type { Definitions } from '../planning/definitions';
import { resolveBackfillKeys } from '../planning/backfill-keys';
import { toActivityFailure } from './activity-failure';

/**
 * One page of a backfill's partition keys, enumerated against the worker's Definitions, so
 * that a range of thousands of partitions never travels whole through workflow history. A
 * request naming a job enumerates the partitions of that asset job's selection.
 */
export function backfillPartitionKeysActivity(definitions: Definitions) {
  return async function backfillPartitionKeys(request: BackfillKeysRequest): Promise<BackfillKeysPage> {
    try {
      const keys = resolveBackfillKeys(definitions, { job: request.job, selection: request.selection, from: request.from, to: request.to });
      return { keys: keys.slice(request.offset, request.offset + request.limit), total: keys.length };
    } catch (err) {
      throw toActivityFailure(err);
    }
  };
}
