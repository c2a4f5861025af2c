import type { RecordRunEndedInput, RecordRunStartedInput } from '../contract/activities';
import type { Definitions } from '../planning/definitions';
import { toActivityFailure } from './activity-failure';

/**
 * The `recordRunStarted` activity (a local one: the run workflow calls it without a round trip
 * to the server): records a run and its assets in the catalog, so partition status knows what is
 * in progress. Idempotent per run id.
 */
export function recordRunStartedActivity(definitions: Definitions) {
  return async function recordRunStarted(input: RecordRunStartedInput): Promise<void> {
    try {
      await definitions.catalog.recordRunStarted(input);
    } catch (err) {
      throw toActivityFailure(err);
    }
  };
}

/**
 * The `recordRunEnded` local activity: records how a run ended (the first end recorded wins).
 * A run terminated by force never calls it, and stays in progress in the catalog (see README).
 */
export function recordRunEndedActivity(definitions: Definitions) {
  return async function recordRunEnded(input: RecordRunEndedInput): Promise<void> {
    try {
      await definitions.catalog.recordRunEnded(input.runId, input.status);
    } catch (err) {
      throw toActivityFailure(err);
    }
  };
}
