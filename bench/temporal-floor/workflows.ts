import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(value: number): Promise<number> }>({ startToCloseTimeout: '1 minute' });

/** `length` no-op activities one after the other: the floor under any sequential step. */
export async function sequentialNoops(length: number): Promise<number> {
  let value = 0;
  for (let i = 0; i < length; i++) value = await noop(value);
  return value;
}
