import type { AssetCheckContext, AssetCheckResult } from '../assets/asset-check';
import type { CheckOutcome, StepOutput } from '../contract/run';
import { AssetflowError } from '../errors/assetflow-error';
import { PartitionError } from '../errors/errors';
import type { OutputRef } from '../storage/io-manager';
import { assertMetadataTravels, type Metadata } from './metadata';
import type { StepExecution } from './execute-step';

/** A check's compute returned something other than `{ passed: boolean, severity?: 'error' | 'warn', metadata? }`. Not retried. */
export class InvalidCheckResultError extends AssetflowError {
  constructor(stepKey: string, problem: string) {
    super(`check '${stepKey}' returned ${problem}: return { passed: true | false, severity?: 'error' | 'warn', metadata?: {...} }`, { code: 'CHECK_RESULT_INVALID', retryable: false });
    this.name = 'InvalidCheckResultError';
  }
}

/**
 * Runs one check step: loads its asset's stored value (of the run's partition, for a
 * partitioned asset) through the asset's IO manager, calls the check's compute, and records
 * the result in the catalog. A failed check is a result, not an error: the step returns it
 * (`check` in the output) and the run workflow decides whether it stops downstream steps.
 */
export async function executeCheck(execution: StepExecution): Promise<StepOutput & { value: unknown }> {
  const { definitions, step, runId, partitionKey, log, overrides } = execution;
  const started = performance.now();
  const { assetKey, name } = step.check!;
  const check = definitions.getCheck(assetKey, name);
  const partitions = definitions.getAsset(assetKey).partitions;
  const ownPartition = partitions ? partitionKey : undefined;
  if (partitions && ownPartition === undefined) {
    throw new PartitionError(`check '${step.key}' checks asset '${assetKey}', partitioned ${partitions.description}: run it with a partition key`);
  }
  const input = step.inputs[0];
  const upstream: OutputRef = { stepKey: assetKey, runId, assetKey, ...(ownPartition !== undefined ? { partitionKey: ownPartition } : {}) };
  const ioManager = overrides?.ioManagers?.[input.ioManagerKey] ?? definitions.ioManagers[input.ioManagerKey];
  const value = await ioManager.loadInput({ upstream, stepKey: step.key, inputName: input.name, runId, log });
  const context: AssetCheckContext = {
    runId,
    stepKey: step.key,
    assetKey,
    checkName: name,
    ...(ownPartition !== undefined ? { partitionKey: ownPartition, partitionTimeWindow: partitions!.timeWindow(ownPartition) } : {}),
    attempt: execution.attempt,
    signal: execution.signal,
    log,
  };
  const result = validCheckResult(step.key, await check.compute({ value, context }));
  const metadata: Metadata = result.metadata ?? {};
  assertMetadataTravels(`'${step.key}'`, metadata);
  const outcome: CheckOutcome = { passed: result.passed, severity: result.severity ?? 'error', blocking: check.blocking };
  execution.fence?.assertCurrent();
  await (overrides?.catalog ?? definitions.catalog).recordCheckResult({
    assetKey,
    checkName: name,
    ...(ownPartition !== undefined ? { partitionKey: ownPartition } : {}),
    runId,
    ...(execution.workflowId ? { workflowId: execution.workflowId } : {}),
    stepKey: step.key,
    attempt: execution.attempt,
    passed: outcome.passed,
    severity: outcome.severity,
    metadata,
  });
  const durationMs = Math.round(performance.now() - started);
  const how = outcome.passed ? 'passed' : `failed (${outcome.severity}${check.blocking ? ', blocking' : ''})`;
  (outcome.passed ? log.info.bind(log) : log.warn.bind(log))({ metadata, durationMs }, `check ${step.key} ${how}`);
  return { location: '', ioManagerKey: step.ioManagerKey, durationMs, attempt: execution.attempt, metadata, check: outcome, value: undefined };
}

function validCheckResult(stepKey: string, result: unknown): AssetCheckResult {
  if (typeof result !== 'object' || result === null) throw new InvalidCheckResultError(stepKey, result === null ? 'null' : typeof result);
  const { passed, severity, metadata } = result as Record<string, unknown>;
  if (typeof passed !== 'boolean') throw new InvalidCheckResultError(stepKey, `passed: ${JSON.stringify(passed) ?? typeof passed}`);
  if (severity !== undefined && severity !== 'error' && severity !== 'warn') throw new InvalidCheckResultError(stepKey, `severity: ${JSON.stringify(severity)}`);
  if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))) throw new InvalidCheckResultError(stepKey, 'metadata that is not an object');
  return result as AssetCheckResult;
}
