/**
 * The public API, as committed: every name each entry point (`assetflow`, `assetflow/testing`,
 * `assetflow/postgres`) exports, values and types apart. An export added or dropped by accident
 * fails here; a deliberate one updates the list below. And the entry points' TSDoc examples compile.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..');

/** Each entry point: its file, and the names it exports. */
const PUBLIC_API: Record<string, { file: string; values: string[]; types: string[] }> = {
  assetflow: {
    file: 'index.ts',
    values: [
      'asset', 'multiAsset', 'assetCheck', 'op', 'input', 'job', 'defineAssetJob',
      'dailyPartitions', 'hourlyPartitions', 'staticPartitions', 'MAX_PARTITION_KEY_LENGTH',
      'schedule', 'DEFAULT_CATCHUP_WINDOW_SECONDS', 'DEFAULT_OVERLAP', 'DEFAULT_TIMEZONE', 'previousDayPartition', 'partitionForSchedule', 'sensor', 'assetSensor',
      'defineResource', 'env', 'resourceParam', 'EnvVar', 'secret', 'Secret',
      'defaultIOManager', 'parquetIOManager', 'jsonIOManager', 'INLINE_OUTPUT_LIMIT_BYTES',
      'Definitions',
      'startRun', 'startPlannedRun', 'materialize', 'cancelRun', 'runResultOf', 'runUrl', 'resolveCatalogSelection', 'startBackfill', 'prepareBackfill', 'startPreparedBackfill', 'getBackfill', 'reexecuteRun', 'retryBackfill', 'deploySchedules',
      'listSchedules', 'pauseSchedule', 'unpauseSchedule', 'triggerSchedule', 'backfillSchedule', 'runsQuery', 'taskQueuePollers', 'deploySensors', 'sensorHandle',
      'createWorker', 'temporalTargetFromEnv', 'ensureDevServer', 'devServerStatus', 'stopDevServer',
      'DefinitionError', 'SelectionError', 'PartitionError', 'ResourceError', 'RunConfigError', 'RunConfigTooLargeError', 'MAX_RUN_CONFIG_BYTES', 'NoPartitionsMaterializedError',
      'UnsupportedOutputError', 'MissingInputError', 'CorruptInputError',
      'AssetflowError', 'NonErrorThrown', 'OversizeMetadataError', 'UnserializableMetadataError', 'StorageRootError', 'InvalidSensorResultError', 'UnknownSensorError', 'CatalogReadError', 'SettingError', 'ReexecutionError', 'MultiAssetOutputError',
      'StepTimeoutError', 'SupersededAttemptError', 'DefinitionsModuleError', 'InvalidCheckResultError',
      'CatalogError', 'CatalogUrlError', 'CatalogConnectionError', 'CatalogCorruptError', 'NotACatalogError', 'CatalogSchemaTooNewError', 'CatalogReadOnlyError', 'CatalogInputError',
      'openCatalog', 'catalogFromUrl', 'sqliteCatalog', 'postgresCatalog',
    ],
    types: [
      'AnyAsset', 'AssetComputeArgs', 'AssetDefinition', 'AssetSpec', 'ConfigOf', 'OutputOf',
      'AnyMultiAsset', 'AssetOutSpec', 'AssetOuts', 'MultiAssetComputeArgs', 'MultiAssetContext', 'MultiAssetDefinition', 'MultiAssetSpec', 'OutAssets',
      'AssetCheckComputeArgs', 'AssetCheckContext', 'AssetCheckDefinition', 'AssetCheckFields', 'AssetCheckResult', 'AssetCheckSpec', 'CheckSelection', 'CheckOutcome',
      'AnyOp', 'InputType', 'OpComputeArgs', 'OpDefinition', 'OpFields', 'OpInput', 'OpIns', 'OpInvocationInputs', 'OpSpec',
      'JobDefinition', 'JobSpec', 'JobNode', 'OpOutput', 'AssetJobDefinition', 'AssetJobSpec',
      'AssetContext', 'OpContext', 'StepContext', 'RetryPolicy', 'Metadata', 'MetadataValue',
      'PartitionsDefinition', 'TimePartitionsOptions', 'TimeWindow',
      'ScheduleContext', 'ScheduleDefinition', 'ScheduleOverlap', 'ScheduleSpec',
      'CatalogSelection', 'SensorSpec', 'AssetSensorSpec', 'SensorDefinition', 'SensorContext', 'AssetSensorContext', 'SensorRunRequest', 'SensorResult', 'MaterializationRecord',
      'ResourceDefinition', 'ResourceParam', 'ResourceParams', 'ResourcesOf', 'StringOrEnv',
      'IOManager', 'InputContext', 'OutputContext', 'OutputRef', 'StoredOutput',
      'DefinitionsSpec', 'PlanOptions', 'CodeLocation', 'RunConfig', 'RunPlan',
      'RunHandle', 'StartRunOptions', 'RunResult', 'RunStatus', 'RunTrigger', 'StepResult', 'StepStatus', 'InlineValue',
      'BackfillHandle', 'PreparedBackfill', 'StartBackfillOptions', 'BackfillProgress', 'BackfillStatus', 'BackfillFailure',
      'ReexecuteRunOptions', 'ReexecutionMode', 'ParentRun', 'PreviousStepOutput', 'RetryBackfillOptions', 'RetriedBackfill',
      'DeployOptions', 'ScheduleChange', 'ScheduleChangeKind', 'ScheduleRow', 'ScheduleStatus', 'TriggeredSchedule', 'TaskQueuePoller',
      'DeploySensorsOptions', 'DeploySensorsResult', 'SensorHandle', 'SensorState', 'SensorRunRecord', 'SensorEvaluationRecord',
      'AssetflowWorkerOptions', 'TemporalTarget', 'DevServer', 'DevServerOptions', 'DevServerStatus',
      'ConfigIssue', 'AssetflowErrorCode',
      'CatalogUrlOptions', 'SqliteCatalogOptions', 'PostgresCatalogOptions', 'CatalogStore', 'MaterializationInput', 'StoredMaterialization', 'FailureInput', 'StoredFailure',
      'CheckResultInput', 'StoredCheckResult', 'CheckSeverity', 'RunStart', 'RunEndStatus', 'StoredRun', 'WriteOutcome', 'Page', 'HistoryQuery', 'PartitionState', 'PartitionRange', 'PartitionStatusSummary',
    ],
  },
  'assetflow/testing': {
    file: 'testing.ts',
    values: [
      'buildAssetContext', 'buildOpContext', 'invokeAsset', 'executeInProcess', 'executePlanInProcess', 'materializeToMemory', 'InProcessStepError',
      'memoryIOManager', 'memoryKey', 'memoryCatalog', 'readHistories', 'replayHistories', 'exportHistories', 'fetchHistories', 'writeHistories',
    ],
    types: [
      'BuildContextOptions', 'ConfiguredStep', 'StepConfigOf', 'TestStepContext', 'InvokeAssetOptions',
      'ExecuteInProcessOptions', 'InProcessOptions', 'InProcessResult', 'MaterializeToMemoryOptions', 'StepFailure',
      'MemoryIOManager', 'ReplayOutcome', 'ExportedHistory', 'HistorySource',
    ],
  },
  'assetflow/postgres': {
    file: 'postgres.ts',
    values: ['postgresResource', 'PostgresWarehouse', 'postgresIOManager', 'PARTITION_COLUMN', 'RUN_COLUMN', 'UnsafeIdentifierError'],
    types: ['PostgresResourceOptions', 'ReadOptions', 'ReplaceOptions', 'UpsertOptions', 'PostgresIOManagerOptions'],
  },
};

const sorted = (names: readonly string[]) => [...names].sort();

/** The names an entry file re-exports, split into values and type-only exports, read from its syntax. */
function declaredExports(file: string): { values: string[]; types: string[] } {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022);
  const values: string[] = [];
  const types: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) throw new Error(`${file} should only re-export (found ${ts.SyntaxKind[statement.kind]})`);
    if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) throw new Error(`${file}: no \`export *\`, name each export`);
    for (const specifier of statement.exportClause.elements) (statement.isTypeOnly || specifier.isTypeOnly ? types : values).push(specifier.name.text);
  }
  return { values, types };
}

describe.each(Object.keys(PUBLIC_API))('%s', (entry) => {
  const api = PUBLIC_API[entry];

  test('exports exactly the committed names, each once', () => {
    const declared = declaredExports(api.file);
    expect(sorted(declared.values)).toEqual(sorted(api.values));
    expect(sorted(declared.types)).toEqual(sorted(api.types));
    const all = [...declared.values, ...declared.types];
    expect(all.filter((name, i) => all.indexOf(name) !== i)).toEqual([]);
  });

  test('every value export is defined when the module loads', async () => {
    const loaded = (await import(entry)) as Record<string, unknown>;
    expect(sorted(Object.keys(loaded))).toEqual(sorted(api.values));
    expect(api.values.filter((name) => loaded[name] === undefined)).toEqual([]);
  });
});

/** The ```ts blocks of a file's leading TSDoc comment. */
function docExamples(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const doc = text.slice(0, text.indexOf('*/'));
  return [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1].replace(/^ \* ?/gm, ''));
}

test('the TSDoc examples of assetflow and assetflow/postgres compile', () => {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!parsed) throw new Error('cannot read tsconfig.json');
  const examples = new Map(['index.ts', 'postgres.ts'].map((file) => [path.join(ROOT, `doc-example-${path.basename(file)}`), docExamples(file)]));
  for (const [file, blocks] of examples) {
    expect([file, blocks.length]).toEqual([file, 1]);
  }
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = ((exists) => (f: string) => examples.has(f) || exists(f))(host.fileExists.bind(host));
  host.readFile = (f) => (examples.has(f) ? examples.get(f)![0] : readFile(f));
  host.getSourceFile = (f, language, onError, create) => (examples.has(f) ? ts.createSourceFile(f, examples.get(f)![0], language, true) : getSourceFile(f, language, onError, create));
  const program = ts.createProgram([...examples.keys()], parsed.options, host);
  const problems = [...examples.keys()].flatMap((f) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(f)).map((d) => {
      const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${path.basename(d.file?.fileName ?? f)}${at ? `:${at.line + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    }),
  );
  expect(problems).toEqual([]);
});
