import { redactSecrets } from '../assets/redaction';
import type { MaterializeStepInput } from '../contract/activities';
import type { Logger } from '../execution/logger';
import type { Definitions } from '../planning/definitions';

/** Where the failed attempt ran, as the activity knows it. */
export interface FailedAttempt {
  input: MaterializeStepInput;
  attempt: number;
  workflowId?: string;
}

/**
 * Records a failed attempt of an asset step in the catalog, so that status can say "failed".
 * Never throws: a catalog that cannot record it is logged, and the step's own error is the one
 * that reaches Temporal. Ops are not assets and are not recorded; the caller skips cancellations.
 */
export async function recordFailedAttempt(definitions: Definitions, failed: FailedAttempt, err: unknown, log: Logger): Promise<void> {
  const { input, attempt, workflowId } = failed;
  const { step } = input;
  if (step.kind !== 'asset') return;
  // A multi-asset's step failed for each of its outs.
  for (const assetKey of step.outputs ? step.outputs.map((o) => o.key) : [step.key]) {
    // The run's partition belongs to partitioned assets only (an unpartitioned asset in a partitioned run has none).
    const partitioned = definitions.assets.get(assetKey)?.partitions !== undefined;
    try {
      await definitions.catalog.recordFailure({
        assetKey,
        ...(partitioned && input.partitionKey !== undefined ? { partitionKey: input.partitionKey } : {}),
        runId: input.runId,
        ...(workflowId ? { workflowId } : {}),
        runName: input.runName,
        stepKey: step.key,
        attempt,
        error: errorText(err),
      });
    } catch (catalogErr) {
      log.error({ err: catalogErr }, `could not record the failed attempt ${attempt} of ${assetKey} in the catalog: ${errorText(catalogErr)}`);
    }
  }
}

/** `Name: message` for a named error (`RunConfigError: …`), the message for a plain Error, else the value; secrets scrubbed. */
export function errorText(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as Error).message === 'string') {
    const { name, message } = err as Error;
    return redactSecrets(name && name !== 'Error' ? `${name}: ${message}` : message);
  }
  return redactSecrets(String(err));
}
