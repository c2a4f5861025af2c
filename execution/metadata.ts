import type { DataFrame } from 'nodejs-polars';
import { AssetflowError } from '../errors/assetflow-error';

/** A metadata value: anything JSON can carry. Keep it small: it travels through Temporal. */
export type MetadataValue = string | number | boolean | null | MetadataValue[] | { [key: string]: MetadataValue };
export type Metadata = Record<string, MetadataValue>;

/** Metadata and results that cross Temporal payloads are capped well under the 2 MiB server limit. */
export const MAX_METADATA_BYTES = 256 * 1024;

/** Output metadata too large to travel through Temporal payloads. Not retried. */
export class OversizeMetadataError extends AssetflowError {
  constructor(owner: string, bytes: number) {
    super(
      `${owner}: output metadata is ${(bytes / 1024).toFixed(1)} KiB, over the ${MAX_METADATA_BYTES / 1024} KiB that may ` +
        'travel through Temporal. Record counts, short previews or a location instead of the data itself.',
      { code: 'METADATA_OVERSIZE', retryable: false },
    );
    this.name = 'OversizeMetadataError';
  }
}

/** Throws OversizeMetadataError when `metadata` serializes to more than the cap. */
export function assertMetadataSize(owner: string, metadata: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(metadata ?? null), 'utf8');
  if (bytes > MAX_METADATA_BYTES) throw new OversizeMetadataError(owner, bytes);
}

/** Makes a cell JSON-safe: dates to ISO strings, bigints to strings, long strings shortened. */
export function toMetadataValue(value: unknown): MetadataValue {
  if (value === null || value === undefined) return null;
  // A Date from another realm (polars' cells in a step's worker thread) is no `instanceof Date` here.
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') return (value as Date).toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.slice(0, 20).map(toMetadataValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).slice(0, 50).map(([k, v]) => [k, toMetadataValue(v)]));
  }
  return String(value);
}

/** What every DataFrame output records automatically (the guide records these by hand). */
export function dataFrameMetadata(df: DataFrame): Metadata {
  return {
    rows: df.height,
    columns: df.columns.map((name) => ({ name, type: dtypeName(df.getColumn(name).dtype) })),
    preview: df.head(5).toRecords().map((row) => toMetadataValue(row)),
  };
}

/** `DataType(Float64)` → `Float64`. */
export function dtypeName(dtype: unknown): string {
  const text = String(dtype);
  const match = /^DataType\((.*)\)$/s.exec(text);
  return match ? match[1] : text;
}
