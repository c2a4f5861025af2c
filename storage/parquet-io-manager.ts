import fs from 'node:fs/promises';
import pl from 'nodejs-polars';
import { dataFrameMetadata } from '../execution/metadata';
import { writeAtomically } from './atomic-file';
import { CorruptInputError, MissingInputError, UnsupportedOutputError, type InputContext, type IOManager, type OutputContext, type StoredOutput } from './io-manager';
import { defaultStorageRoot, fileStorageProblems, outputPath } from './storage-path';
import { isDataFrame, isLazyFrame, describeType } from './values';

export interface ParquetIOManagerOptions {
  /** Directory under which outputs are stored. Default: ASSETFLOW_STORAGE or `.assetflow/storage`. */
  root?: string;
  /** Key this manager is registered under, used in error messages. Default `parquet`. */
  key?: string;
}

/**
 * Stores polars DataFrames (and LazyDataFrames) as zstd Parquet files, one per asset or partition.
 * Writes stream through `sinkParquet` (off the event loop) into a temp file that is renamed
 * into place, so a crash never leaves a partial file and a retry simply overwrites.
 *
 * @example
 * ```ts
 * new Definitions({ assets, ioManagers: { warehouse_files: parquetIOManager({ root: '/data/lake' }) } });
 * ```
 */
export function parquetIOManager(options: ParquetIOManagerOptions = {}): IOManager & { pathFor(ref: InputContext['upstream']): string } {
  const key = options.key ?? 'parquet';
  const root = () => options.root ?? defaultStorageRoot();
  const pathFor = (ref: InputContext['upstream']) => outputPath(root(), ref, 'parquet');
  return {
    pathFor,
    checkAssets: fileStorageProblems,
    async handleOutput(context: OutputContext, value: unknown): Promise<StoredOutput> {
      if (!isDataFrame(value) && !isLazyFrame(value)) {
        throw new UnsupportedOutputError(context.stepKey, key, describeType(value), 'polars DataFrames and LazyDataFrames');
      }
      const target = pathFor(context);
      const lazy = isLazyFrame(value) ? value : value.lazy();
      await writeAtomically(
        target,
        async (temp) => {
          await lazy.sinkParquet(temp, { compression: 'zstd', statistics: true }).collect();
        },
        context.writerId,
      );
      const metadata = isDataFrame(value) ? dataFrameMetadata(value) : await lazyMetadata(target);
      return { location: target, metadata };
    },
    async loadInput(context: InputContext): Promise<unknown> {
      const source = pathFor(context.upstream);
      try {
        await fs.access(source);
      } catch {
        throw new MissingInputError(context, source);
      }
      try {
        return await pl.scanParquet(source).collect();
      } catch (err) {
        throw new CorruptInputError(context, source, (err as Error).message);
      }
    },
  };
}

/** For a LazyDataFrame output, read back the written file's metadata (cheap: footer + 5 rows). */
async function lazyMetadata(file: string) {
  const rows = (await pl.scanParquet(file).select(pl.len().alias('n')).collect()).getColumn('n').get(0) as number;
  const head = await pl.scanParquet(file).head(5).collect();
  return { ...dataFrameMetadata(head), rows: Number(rows) };
}
