/** `assetflow partitions <asset>`: which partitions of an asset are materialized. */
import type { Command } from 'commander';
import { partitionStatus } from '../partition-status';
import { definitionsFrom, defsOption } from './options';
import { partitionStatusText } from './partition-status-text';

/** Adds `partitions <asset>` (reads the catalog only: no Temporal server needed). */
export function addPartitionsCommand(program: Command): void {
  program
    .command('partitions <asset>')
    .description("List which partitions of an asset are materialized and which are missing (from the catalog)")
    .addOption(defsOption())
    .action(async (assetKey: string, options: { defs?: string }) => {
      const definitions = definitionsFrom(options);
      console.log(partitionStatusText(await partitionStatus(definitions, assetKey)));
    });
}
