import type { Definitions } from './definitions';
import { PartitionError } from '../errors/errors';
import { previousDayPartition } from '../assets/partitions';

/**
 * The partition key a scheduled run of `selection` materializes when it fires at
 * `scheduledTime`: the previous day (or hour) of the selection's time partitions. Meant for
 * the schedule's partition hook (a schedule of a partitioned selection calls it with the
 * run's nominal time); undefined when nothing in the selection is partitioned.
 *
 * @example
 * ```ts
 * partitionForSchedule(definitions, 'daily_sales+', new Date('2026-11-24T00:05:00Z')); // '2026-11-23'
 * ```
 */
export function partitionForSchedule(definitions: Definitions, selection: string | readonly string[], scheduledTime: Date): string | undefined {
  const partitions = definitions.partitionsOf(selection);
  if (!partitions) return undefined;
  if (partitions.kind === 'static') {
    throw new PartitionError(`selection ${JSON.stringify(selection)} has static partitions (${partitions.description}): a schedule cannot pick one by time; give the partition key explicitly`);
  }
  return previousDayPartition(scheduledTime, partitions);
}
