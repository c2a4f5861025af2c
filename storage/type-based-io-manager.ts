import fs from 'node:fs/promises';
import { UnsupportedOutputError, MissingInputError, type InputContext, type IOManager, type OutputContext } from './io-manager';
import { JSON_VALUES, jsonIOManager } from './json-io-manager';
import { parquetIOManager } from './parquet-io-manager';
import { fileStorageProblems } from './storage-path';
import { describeType, findNonJson, isDataFrame, isLazyFrame } from './values';

/**
 * The default `io_manager`: DataFrames to Parquet, plain values to JSON (the guide's
 * type-based IO manager). An input is loaded from whichever of the two files is newer.
 */
export function defaultIOManager(options: { root?: string } = {}): IOManager {
  const parquet = parquetIOManager({ root: options.root, key: 'io_manager' });
  const json = jsonIOManager({ root: options.root, key: 'io_manager' });
  return {
    checkAssets: fileStorageProblems,
    handleOutput(context: OutputContext, value: unknown) {
      if (isDataFrame(value) || isLazyFrame(value)) return parquet.handleOutput(context, value);
      const bad = findNonJson(value);
      if (bad) {
        throw new UnsupportedOutputError(context.stepKey, 'io_manager', `${describeType(value)} (${bad})`, `polars DataFrames (as Parquet) and ${JSON_VALUES}`);
      }
      return json.handleOutput(context, value);
    },
    async loadInput(context: InputContext) {
      const [p, j] = await Promise.all([mtime(parquet.pathFor(context.upstream)), mtime(json.pathFor(context.upstream))]);
      if (p === undefined && j === undefined) {
        throw new MissingInputError(context, `${parquet.pathFor(context.upstream)} (or .json)`);
      }
      return (p ?? -1) >= (j ?? -1) ? parquet.loadInput(context) : json.loadInput(context);
    },
  };
}

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}
