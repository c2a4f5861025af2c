/**
 * The error model: every error class in the project derives from AssetflowError and states its
 * code and whether another attempt could succeed. The list below is checked against the source
 * tree, so a new error class that skips the base, or is left out of the list, fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AssetflowError, isRetryable, type AssetflowErrorCode } from './assetflow-error';
import { DefinitionError, PartitionError, ResourceError, RunConfigError, RunConfigTooLargeError, SelectionError } from './errors';
import { InvalidSensorResultError, UnknownSensorError } from './sensor-errors';
import { CorruptInputError, MissingInputError, UnsupportedOutputError, type InputContext } from '../storage/io-manager';
import { NoPartitionsMaterializedError } from '../execution/all-partitions';
import { NonErrorThrown } from '../execution/execute-step';
import { OversizeMetadataError, UnserializableMetadataError } from '../execution/metadata';
import { UnsafeIdentifierError } from '../postgres/identifiers';
import { InProcessStepError } from '../testkit/execute-in-process';
import { CatalogReadError } from '../storage/catalog/catalog-read-error';
import { CatalogConnectionError, CatalogCorruptError, CatalogError, CatalogInputError, CatalogReadOnlyError, CatalogSchemaTooNewError, CatalogUrlError, NotACatalogError } from '../storage/catalog/catalog-errors';
import { SettingError } from './setting-error';
import { ReexecutionError } from './reexecution-error';
import { StorageRootError } from '../storage/storage-root';
import { StepTimeoutError, SupersededAttemptError } from '../execution/step-errors';
import { DefinitionsModuleError } from '../execution/definitions-module';
import { MultiAssetOutputError } from '../execution/multi-asset-outputs';
import { InvalidCheckResultError } from '../execution/execute-check';

const input = { upstream: { stepKey: 'up', runId: 'r' }, stepKey: 'down', inputName: 'up', runId: 'r' } as InputContext;

/** One instance of every error class, with the name (Temporal's failure type), code and retryable flag it must have. */
const expected: [AssetflowError, string, AssetflowErrorCode, boolean][] = [
  [new DefinitionError(['a problem']), 'DefinitionError', 'DEFINITION_INVALID', false],
  [new SelectionError('unknown'), 'SelectionError', 'SELECTION_INVALID', false],
  [new PartitionError('no such key'), 'PartitionError', 'PARTITION_INVALID', false],
  [new RunConfigError([{ path: 'ops.a.config.n', message: 'Expected number' }]), 'RunConfigError', 'RUN_CONFIG_INVALID', false],
  [new RunConfigTooLargeError(10 * 1024 * 1024, 256 * 1024), 'RunConfigTooLargeError', 'RUN_CONFIG_TOO_LARGE', false],
  [new ResourceError('env X not set'), 'ResourceError', 'RESOURCE_MISCONFIGURED', false],
  [new UnsupportedOutputError('a', 'io_manager', 'a function', 'JSON'), 'UnsupportedOutputError', 'OUTPUT_UNSUPPORTED', false],
  [new MissingInputError(input, '/nowhere'), 'MissingInputError', 'INPUT_MISSING', false],
  [new CorruptInputError(input, '/x.parquet', 'bad magic'), 'CorruptInputError', 'INPUT_CORRUPT', false],
  [new NoPartitionsMaterializedError('a', 'up', 'up'), 'NoPartitionsMaterializedError', 'NO_PARTITIONS_MATERIALIZED', false],
  [new OversizeMetadataError("'a'", 300 * 1024), 'OversizeMetadataError', 'METADATA_OVERSIZE', false],
  [new UnserializableMetadataError("'a'", '$.total is a BigInt'), 'UnserializableMetadataError', 'METADATA_UNSERIALIZABLE', false],
  [new NonErrorThrown('a', 'oops'), 'NonErrorThrown', 'NON_ERROR_THROWN', false],
  [new UnsafeIdentifierError('table', 'a; drop'), 'UnsafeIdentifierError', 'IDENTIFIER_UNSAFE', false],
  [new InvalidSensorResultError('s', 'cursor must be a string'), 'InvalidSensorResult', 'SENSOR_RESULT_INVALID', false],
  [new UnknownSensorError('s', ['t']), 'UnknownSensor', 'SENSOR_UNKNOWN', false],
  [new InProcessStepError('a', new MissingInputError(input, '/nowhere')), 'InProcessStepError', 'STEP_FAILED', false],
  [new CatalogReadError('a', '/catalog/a.jsonl', Object.assign(new Error('EISDIR: illegal operation on a directory'), { code: 'EISDIR' })), 'CatalogReadError', 'CATALOG_UNREADABLE', true],
  [new CatalogError('the catalog at x is closed'), 'CatalogError', 'CATALOG_UNAVAILABLE', true],
  [new CatalogUrlError('not a catalog URL'), 'CatalogUrlError', 'CATALOG_URL_INVALID', false],
  [new CatalogConnectionError('cannot reach postgres://u@h/db'), 'CatalogConnectionError', 'CATALOG_UNREACHABLE', true],
  [new CatalogCorruptError('not a database'), 'CatalogCorruptError', 'CATALOG_CORRUPT', false],
  [new NotACatalogError('not a catalog'), 'NotACatalogError', 'CATALOG_NOT_A_CATALOG', false],
  [new CatalogSchemaTooNewError('sqlite:x', 9, 2), 'CatalogSchemaTooNewError', 'CATALOG_SCHEMA_TOO_NEW', false],
  [new CatalogReadOnlyError('read-only'), 'CatalogReadOnlyError', 'CATALOG_READ_ONLY', false],
  [new CatalogInputError('attempt 0'), 'CatalogInputError', 'CATALOG_INPUT_INVALID', false],
  [new StorageRootError('/data/storage', '/data is a file, not a folder'), 'StorageRootError', 'STORAGE_ROOT_UNUSABLE', false],
  [new SettingError('ASSETFLOW_LOG_FORMAT', 'xml', "'pretty' or 'json'"), 'SettingError', 'SETTING_INVALID', false],
  [new StepTimeoutError('slow', 900), 'StepTimeoutError', 'STEP_TIMED_OUT', false],
  [new SupersededAttemptError('a', 1, 'a newer attempt of this step started'), 'SupersededAttemptError', 'ATTEMPT_SUPERSEDED', false],
  [new DefinitionsModuleError(), 'DefinitionsModuleError', 'DEFINITIONS_MODULE_UNKNOWN', false],
  [new ReexecutionError('run assetflow/run/x/1 is still running'), 'ReexecutionError', 'REEXECUTION_REFUSED', false],
  [new MultiAssetOutputError("multi-asset 'm' missed 'b'"), 'MultiAssetOutputError', 'MULTI_ASSET_OUTPUT_INVALID', false],
  [new InvalidCheckResultError('a:c', 'passed: "yes"'), 'InvalidCheckResultError', 'CHECK_RESULT_INVALID', false],
];

test.each(expected.map(([error, name, code, retryable]) => [name, error, code, retryable] as const))('%s derives from AssetflowError with its code and retry flag', (name, error, code, retryable) => {
  expect(error).toBeInstanceOf(AssetflowError);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe(name);
  expect(error.code).toBe(code);
  expect(error.retryable).toBe(retryable);
  expect(isRetryable(error)).toBe(retryable);
  expect(error.message.length).toBeGreaterThan(0);
  expect(String(error.stack)).toContain(name);
});

test('every code belongs to one class', () => {
  const codes = expected.map(([, , code]) => code);
  expect(new Set(codes).size).toBe(codes.length);
});

test('errors that are not ours are retried; an in-process step error is as retryable as its cause', () => {
  expect(isRetryable(new Error('connection reset'))).toBe(true);
  expect(isRetryable('a string')).toBe(true);
  expect(new InProcessStepError('a', new Error('connection reset')).retryable).toBe(true);
});

test('a step timeout names the step and its timeout, and says what to change', () => {
  expect(new StepTimeoutError('never_resolves', 3).message).toBe("'never_resolves' did not finish within its timeoutSeconds (3 s) and was stopped; raise timeoutSeconds on 'never_resolves' if it needs longer");
});

test('the sensor errors name the sensor and what to do', () => {
  expect(new InvalidSensorResultError('s', 'run request 0 is not an object').message).toBe("sensor 's': run request 0 is not an object");
  expect(new UnknownSensorError('gone', []).message).toBe("sensor 'gone' is not in this worker's Definitions (known: none); redeploy or stop its workflow");
  expect(new UnknownSensorError('gone', ['a', 'b']).message).toMatch(/\(known: a, b\)/);
});

// ---- the list above against the source tree ----

const ROOT = path.join(__dirname, '..');
/** Error classes allowed not to derive from AssetflowError, and why. */
const NOT_ASSETFLOW_ERRORS: Record<string, string> = {
  'bench/figures.ts FigureNotAvailable': 'bench-only: marks a figure row without a value, never crosses an activity or the public API',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every `class X extends Y` in the project's sources: where it is and what it extends. */
function declaredClasses(): Map<string, { file: string; parent: string }> {
  const classes = new Map<string, { file: string; parent: string }>();
  for (const file of sourceFiles(ROOT)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bclass\s+(\w+)\s+extends\s+([\w.]+)/g)) {
      classes.set(m[1], { file: path.relative(ROOT, file), parent: m[2] });
    }
  }
  return classes;
}

const BUILT_IN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

test('every error class in the project derives from AssetflowError, and the list above has them all', () => {
  const classes = declaredClasses();
  const ancestry = (name: string): string[] => {
    const chain: string[] = [];
    for (let at = classes.get(name)?.parent; at !== undefined; at = classes.get(at)?.parent) chain.push(at);
    return chain;
  };
  const errorClasses = [...classes.keys()].filter((name) => ancestry(name).some((a) => BUILT_IN_ERRORS.has(a) || a === 'AssetflowError') || /Error$/.test(name));
  const outside = errorClasses
    .filter((name) => name !== 'AssetflowError' && !ancestry(name).includes('AssetflowError'))
    .map((name) => `${classes.get(name)!.file} ${name}`)
    .filter((where) => !(where in NOT_ASSETFLOW_ERRORS));
  expect(outside).toEqual([]);
  const derived = errorClasses.filter((name) => ancestry(name).includes('AssetflowError')).sort();
  expect(derived).toEqual(expected.map(([error]) => error.constructor.name).sort());
  expect(derived.length).toBeGreaterThanOrEqual(15); // the scan found the classes, not nothing
});
