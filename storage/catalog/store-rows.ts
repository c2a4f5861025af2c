import type { Metadata } from '../../execution/metadata';
import { CatalogInputError } from './catalog-errors';
import type {
  CheckResultInput,
  FailureInput,
  MaterializationInput,
  RunEndStatus,
  RunStart,
  StoredCheckResult,
  StoredFailure,
  StoredMaterialization,
  StoredRun,
} from './store';

/**
 * What both dialects write and read, checked and normalized once: the same input is stored the
 * same way by SQLite and PostgreSQL, and comes back as the same record.
 */

/** Failure messages are kept whole up to this many characters. */
export const MAX_ERROR_CHARS = 8 * 1024;
/** History pages hold at most this many records. */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

/** One `asset_events` row to insert. `partitionKey` is '' for an unpartitioned asset. */
export interface EventWrite {
  kind: 'materialization' | 'failure';
  assetKey: string;
  partitionKey: string;
  runId: string;
  workflowId: string | null;
  runName: string | null;
  stepKey: string;
  attempt: number;
  location: string | null;
  rowCount: number | null;
  metadataJson: string;
  error: string | null;
  recordedAt: string;
  codeVersion: string | null;
}

/** One `asset_events` row as read, in plain JS types (each dialect converts its own). */
export interface EventRow {
  id: string;
  kind: 'materialization' | 'failure';
  asset_key: string;
  partition_key: string;
  run_id: string;
  workflow_id: string | null;
  run_name: string | null;
  step_key: string;
  attempt: number;
  location: string | null;
  row_count: number | null;
  metadata: Metadata;
  error: string | null;
  recorded_at: string;
  code_version: string | null;
}

export interface CheckWrite {
  assetKey: string;
  checkName: string;
  partitionKey: string;
  runId: string;
  workflowId: string | null;
  stepKey: string;
  attempt: number;
  passed: boolean;
  severity: 'error' | 'warn';
  metadataJson: string;
  checkedAt: string;
}

export interface CheckRow {
  id: string;
  asset_key: string;
  check_name: string;
  partition_key: string;
  run_id: string;
  workflow_id: string | null;
  step_key: string;
  attempt: number;
  passed: boolean;
  severity: 'error' | 'warn';
  metadata: Metadata;
  checked_at: string;
}

export interface RunWrite {
  runId: string;
  workflowId: string;
  runName: string | null;
  partitionKey: string;
  startedAt: string;
  assetKeys: string[];
}

export interface RunRow {
  run_id: string;
  workflow_id: string;
  run_name: string | null;
  partition_key: string;
  started_at: string;
  status: StoredRun['status'];
  ended_at: string | null;
  asset_keys: string[];
}

export function materializationWrite(input: MaterializationInput): EventWrite {
  const what = 'materialization';
  if (input === null || typeof input !== 'object') throw new CatalogInputError(`a ${what} record must be an object, got ${String(input)}`);
  const assetKey = key(input.assetKey, 'assetKey', what);
  if (typeof input.location !== 'string') throw new CatalogInputError(`${what} of '${assetKey}': location must be a string (the stored output's location), got ${typeof input.location}`);
  return {
    kind: 'materialization',
    assetKey,
    ...eventIdentity(input, assetKey, what),
    location: noNul(input.location),
    rowCount: rowCount(input.rows, what),
    metadataJson: metadataJson(input.metadata, what),
    error: null,
    recordedAt: isoTime(input.materializedAt, 'materializedAt', what),
    codeVersion: optionalText(input.codeVersion, 'codeVersion', what),
  };
}

/** Which attempt of which step of which run an event belongs to: the fields materializations and failures share. */
function eventIdentity(input: MaterializationInput | FailureInput, assetKey: string, what: string) {
  return {
    partitionKey: partition(input.partitionKey, what),
    runId: key(input.runId, 'runId', what),
    workflowId: optionalText(input.workflowId, 'workflowId', what),
    runName: optionalText(input.runName, 'runName', what),
    stepKey: input.stepKey === undefined ? assetKey : key(input.stepKey, 'stepKey', what),
    attempt: attempt(input.attempt, what),
  };
}

export function failureWrite(input: FailureInput, now = new Date()): EventWrite {
  const what = 'failed attempt';
  if (input === null || typeof input !== 'object') throw new CatalogInputError(`a ${what} record must be an object, got ${String(input)}`);
  const assetKey = key(input.assetKey, 'assetKey', what);
  if (typeof input.error !== 'string') throw new CatalogInputError(`${what} of '${assetKey}': error must be the error's message (a string), got ${typeof input.error}`);
  const error = input.error.length > MAX_ERROR_CHARS ? `${input.error.slice(0, MAX_ERROR_CHARS)}… (${input.error.length} characters)` : input.error;
  return {
    kind: 'failure',
    assetKey,
    ...eventIdentity(input, assetKey, what),
    location: null,
    rowCount: null,
    metadataJson: '{}',
    error: noNul(error),
    recordedAt: input.failedAt === undefined ? now.toISOString() : isoTime(input.failedAt, 'failedAt', what),
    codeVersion: null,
  };
}

export function checkWrite(input: CheckResultInput, now = new Date()): CheckWrite {
  const what = 'check result';
  if (input === null || typeof input !== 'object') throw new CatalogInputError(`a ${what} must be an object, got ${String(input)}`);
  const assetKey = key(input.assetKey, 'assetKey', what);
  if (typeof input.passed !== 'boolean') throw new CatalogInputError(`${what} of '${assetKey}': passed must be true or false, got ${JSON.stringify(input.passed)}`);
  if (input.severity !== 'error' && input.severity !== 'warn') {
    throw new CatalogInputError(`${what} of '${assetKey}': severity must be 'error' or 'warn', got ${JSON.stringify(input.severity)}`);
  }
  return {
    assetKey,
    checkName: key(input.checkName, 'checkName', what),
    partitionKey: partition(input.partitionKey, what),
    runId: key(input.runId, 'runId', what),
    workflowId: optionalText(input.workflowId, 'workflowId', what),
    stepKey: input.stepKey === undefined ? assetKey : key(input.stepKey, 'stepKey', what),
    attempt: input.attempt === undefined ? 1 : attempt(input.attempt, what),
    passed: input.passed,
    severity: input.severity,
    metadataJson: metadataJson(input.metadata ?? {}, what),
    checkedAt: input.checkedAt === undefined ? now.toISOString() : isoTime(input.checkedAt, 'checkedAt', what),
  };
}

export function runWrite(input: RunStart, now = new Date()): RunWrite {
  const what = 'run start';
  if (input === null || typeof input !== 'object') throw new CatalogInputError(`a ${what} must be an object, got ${String(input)}`);
  if (!Array.isArray(input.assetKeys)) throw new CatalogInputError(`${what} of run '${String(input.runId)}': assetKeys must be a list of asset keys`);
  return {
    runId: key(input.runId, 'runId', what),
    workflowId: key(input.workflowId, 'workflowId', what),
    runName: optionalText(input.runName, 'runName', what),
    partitionKey: partition(input.partitionKey, what),
    startedAt: input.startedAt === undefined ? now.toISOString() : isoTime(input.startedAt, 'startedAt', what),
    assetKeys: [...new Set(input.assetKeys.map((k) => key(k, 'assetKeys[]', what)))],
  };
}

const END_STATUSES: readonly RunEndStatus[] = ['success', 'failure', 'cancelled'];

export function runEnd(runId: string, status: RunEndStatus, endedAt: string | undefined, now = new Date()): { runId: string; status: RunEndStatus; endedAt: string } {
  const what = 'run end';
  if (!END_STATUSES.includes(status)) throw new CatalogInputError(`${what}: status must be one of ${END_STATUSES.join(', ')}, got ${JSON.stringify(status)}`);
  return { runId: key(runId, 'runId', what), status, endedAt: endedAt === undefined ? now.toISOString() : isoTime(endedAt, 'endedAt', what) };
}

/** The partition as stored: '' for none. */
export function partitionColumn(partitionKey: string | undefined, what = 'query'): string {
  return partition(partitionKey, what);
}

export function assetKeyArgument(assetKey: string, what = 'query'): string {
  return key(assetKey, 'assetKey', what);
}

/** A history query's page size. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new CatalogInputError(`limit must be a whole number from 1 to ${MAX_PAGE}, got ${limit}`);
  return limit;
}

export function toMaterialization(row: EventRow): StoredMaterialization {
  // Built by assignment, not spreads: the asset graph converts 10,000 of these at once.
  const record = { assetKey: row.asset_key } as StoredMaterialization;
  if (row.partition_key !== '') record.partitionKey = row.partition_key;
  record.runId = row.run_id;
  if (row.workflow_id !== null) record.workflowId = row.workflow_id;
  if (row.run_name !== null) record.runName = row.run_name;
  record.stepKey = row.step_key;
  record.location = row.location ?? '';
  if (row.row_count !== null) record.rows = row.row_count;
  record.metadata = row.metadata;
  record.attempt = row.attempt;
  record.materializedAt = row.recorded_at;
  if (row.code_version !== null && row.code_version !== undefined) record.codeVersion = row.code_version;
  record.eventId = row.id;
  return record;
}

export function toFailure(row: EventRow): StoredFailure {
  return {
    assetKey: row.asset_key,
    ...(row.partition_key !== '' ? { partitionKey: row.partition_key } : {}),
    runId: row.run_id,
    ...(row.workflow_id !== null ? { workflowId: row.workflow_id } : {}),
    ...(row.run_name !== null ? { runName: row.run_name } : {}),
    stepKey: row.step_key,
    attempt: row.attempt,
    error: row.error ?? '',
    failedAt: row.recorded_at,
    eventId: row.id,
  };
}

export function toCheckResult(row: CheckRow): StoredCheckResult {
  return {
    assetKey: row.asset_key,
    checkName: row.check_name,
    ...(row.partition_key !== '' ? { partitionKey: row.partition_key } : {}),
    runId: row.run_id,
    ...(row.workflow_id !== null ? { workflowId: row.workflow_id } : {}),
    stepKey: row.step_key,
    attempt: row.attempt,
    passed: row.passed,
    severity: row.severity,
    metadata: row.metadata,
    checkedAt: row.checked_at,
    eventId: row.id,
  };
}

export function toRun(row: RunRow): StoredRun {
  return {
    runId: row.run_id,
    workflowId: row.workflow_id,
    ...(row.run_name !== null ? { runName: row.run_name } : {}),
    assetKeys: [...row.asset_keys].sort(),
    ...(row.partition_key !== '' ? { partitionKey: row.partition_key } : {}),
    startedAt: row.started_at,
    status: row.status,
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
  };
}

function key(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new CatalogInputError(`${what}: ${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  if (value.includes('\u0000')) throw new CatalogInputError(`${what}: ${field} must not contain a NUL character`);
  return value;
}

function partition(value: unknown, what: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length === 0) {
    throw new CatalogInputError(`${what}: partitionKey must be a non-empty string or absent (an unpartitioned asset), got ${JSON.stringify(value)}`);
  }
  if (value.includes('\u0000')) throw new CatalogInputError(`${what}: partitionKey must not contain a NUL character`);
  return value;
}

function optionalText(value: unknown, field: string, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new CatalogInputError(`${what}: ${field} must be a string when given, got ${typeof value}`);
  return noNul(value);
}

function attempt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1) {
    throw new CatalogInputError(`${what}: attempt must be a whole number from 1 (the first attempt), got ${JSON.stringify(value)}`);
  }
  return value;
}

function rowCount(value: unknown, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new CatalogInputError(`${what}: rows must be a whole number of rows (0 or more), got ${JSON.stringify(value)}`);
  }
  return value;
}

function metadataJson(value: unknown, what: string): string {
  if (value === undefined) return '{}';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CatalogInputError(`${what}: metadata must be an object of JSON values`);
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    throw new CatalogInputError(`${what}: metadata cannot be written as JSON: ${(err as Error).message}`);
  }
  return json;
}

function isoTime(value: unknown, field: string, what: string): string {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new CatalogInputError(`${what}: ${field} must be an ISO time such as 2026-11-01T00:00:00.000Z, got ${JSON.stringify(value)}`);
  return date.toISOString();
}

/** PostgreSQL text cannot hold NUL; both dialects store the same replacement so that they agree. */
function noNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}
