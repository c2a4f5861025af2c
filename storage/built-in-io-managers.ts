import type { IOManager } from './io-manager';
import { jsonIOManager } from './json-io-manager';
import { parquetIOManager } from './parquet-io-manager';
import { defaultIOManager } from './type-based-io-manager';

/** Keys of the IO managers every Definitions has unless it replaces them. */
export const BUILT_IN_IO_MANAGER_KEYS = ['io_manager', 'parquet', 'json'] as const;

export type BuiltInIOManagerKey = (typeof BUILT_IN_IO_MANAGER_KEYS)[number];

/**
 * The built-in IO managers under one storage root: `io_manager` (DataFrames → Parquet, values →
 * JSON), `parquet` and `json`. Without a root they use ASSETFLOW_STORAGE or `.assetflow/storage`.
 */
export function builtInIOManagers(root?: string): Readonly<Record<BuiltInIOManagerKey, IOManager>> {
  return { io_manager: defaultIOManager({ root }), parquet: parquetIOManager({ root }), json: jsonIOManager({ root }) };
}
