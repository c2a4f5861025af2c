import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { MaterializationRecord } from '../contract/materialization';
import type { Definitions } from '../planning/definitions';
import type { Logger } from '../execution/logger';
import type { Metadata } from '../execution/metadata';
import { assetMaterializedSignal } from '../contract/sensor';
import { sensorWorkflowId } from '../contract/ids';

/** Metadata travelling in a sensor signal is capped: the sensor holds pending records in its state. */
export const MAX_SIGNAL_METADATA_BYTES = 4 * 1024;
const SIGNAL_ATTEMPTS = 3;

/**
 * Wakes the asset sensors watching a just-materialized asset by signalling their workflows
 * (`assetflow/sensor/<name>`) with the record, through the worker's client. A sensor that is not
 * deployed is skipped; a signal that still fails after a few tries is logged and never fails the
 * materialization (the sensor can still find the record with `latestMaterialization`).
 */
export async function notifyAssetSensors(definitions: Definitions, record: MaterializationRecord, log: Logger): Promise<void> {
  const names = definitions.sensorsWatching(record.assetKey);
  if (names.length === 0) return;
  let client: Client;
  try {
    client = Context.current().client;
  } catch {
    return; // an activity environment without a client (unit tests): nobody to signal
  }
  const compact = compactRecord(record);
  await Promise.all(
    names.map(async (name) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await client.workflow.getHandle(sensorWorkflowId(name)).signal(assetMaterializedSignal, compact);
          return;
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return; // the sensor is not deployed (or was stopped)
          if (attempt >= SIGNAL_ATTEMPTS) {
            log.warn({ err, sensor: name }, `could not signal sensor ${name} about ${record.assetKey}`);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    }),
  );
}

/** The record with only the metadata entries that fit the cap (a large preview is left out; the catalog keeps it). */
export function compactRecord(record: MaterializationRecord): MaterializationRecord {
  const metadata: Metadata = {};
  let bytes = 2;
  for (const [key, value] of Object.entries(record.metadata)) {
    const size = Buffer.byteLength(JSON.stringify({ [key]: value }));
    if (bytes + size > MAX_SIGNAL_METADATA_BYTES) continue;
    metadata[key] = value;
    bytes += size;
  }
  return { ...record, metadata };
}
