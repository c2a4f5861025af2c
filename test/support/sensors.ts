import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { sensorHandle } from '../../client/sensors';
import type { SensorState } from '../../contract/sensor';

/** A sensor name no other test (or earlier run of the suite) uses. */
export function uniqueSensorName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Polls the sensor's state query until `ok` holds; fails naming the last state seen. */
export async function waitForSensor(client: Client, name: string, ok: (state: SensorState) => boolean, timeoutMs = 60_000): Promise<SensorState> {
  const sensor = sensorHandle(client, name);
  const deadline = Date.now() + timeoutMs;
  let last: SensorState | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await sensor.state();
      if (ok(last)) return last;
    } catch (err) {
      lastError = err; // no worker has picked the workflow up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sensor ${name} did not reach the expected state; last state: ${JSON.stringify(last)}${lastError ? `, last error: ${String(lastError)}` : ''}`);
}

/** Ends a test's sensor workflows so that they do not poll into later tests. */
export async function stopSensors(client: Client, names: string[]): Promise<void> {
  await Promise.all(names.map((name) => sensorHandle(client, name).handle.terminate('test finished').catch(() => undefined)));
}
