/** `assetflow partitions <asset>`: which partitions of an asset are materialized, failed, in progress or missing. */
import type { Command } from 'commander';
import { partitionStatus } from '../partition-status';
import { withCatalog } from './assets';
import { defsOption } from './options';
import { partitionStatusText } from './partition-status-text';

/** Adds `partitions <asset>` (reads the catalog only: no Temporal server needed). */
export function addPartitionsCommand(program: Command): void {
  program
    .command('partitions <asset>')
    .description('List which partitions of an asset are materialized, failed, in progress or missing (from the catalog; an unpartitioned asset has one state)')
    .addOption(defsOption())
    .action((assetKey: string, options: { defs?: string }) => withCatalog(options, async (definitions) => console.log(partitionStatusText(await partitionStatus(definitions, assetKey)))));
}
