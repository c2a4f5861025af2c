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

/** Output metadata JSON cannot carry (a BigInt, a circular structure). Not retried: the same compute fails the same way. */
export class UnserializableMetadataError extends AssetflowError {
  constructor(owner: string, problem: string) {
    super(`${owner}: output metadata ${problem}, which cannot travel through Temporal as JSON. ${problem.endsWith('BigInt') ? 'Record it as a string or a number' : 'Record plain values (no object that contains itself)'}.`, {
      code: 'METADATA_UNSERIALIZABLE',
      retryable: false,
    });
    this.name = 'UnserializableMetadataError';
  }
}

/**
 * Throws UnserializableMetadataError when `metadata` holds a BigInt or a circular structure, and
 * OversizeMetadataError when it serializes to more than the cap. Executors call it before an
 * output is published, so metadata that cannot travel never leaves a new output behind.
 */
export function assertMetadataTravels(owner: string, metadata: unknown): void {
  let text: string;
  try {
    const problem = metadataProblem(metadata, '$', []);
    if (problem) throw new UnserializableMetadataError(owner, problem);
    text = JSON.stringify(metadata ?? null);
  } catch (err) {
    // A toJSON() or a getter that throws: the same compute fails the same way on every attempt.
    throw err instanceof UnserializableMetadataError ? err : new UnserializableMetadataError(owner, `cannot be serialized (${err instanceof Error ? err.message : String(err)})`);
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_METADATA_BYTES) throw new OversizeMetadataError(owner, bytes);
}

/** `$.path is a BigInt` / `$.path is a circular reference`, or undefined when JSON.stringify can carry the value. */
function metadataProblem(value: unknown, at: string, ancestors: object[]): string | undefined {
  if (typeof value === 'bigint') return `${at} is a BigInt`;
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.includes(value)) return `${at} is a circular reference`;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const shown: unknown = toJSON.call(value);
    return shown === value ? undefined : metadataProblem(shown, at, [...ancestors, value]);
  }
  const inner = [...ancestors, value];
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value).map(([k, v]) => [`.${k}`, v]);
  for (const [step, child] of entries) {
    const problem = metadataProblem(child, `${at}${step}`, inner);
    if (problem) return problem;
  }
  return undefined;
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
