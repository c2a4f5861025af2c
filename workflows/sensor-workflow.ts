import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { AssetflowActivities } from '../activities';
import type { MaterializationRecord } from '../contract/materialization';
import { assetflowRun } from './run-workflow';
import { legacySensorRunWorkflowId, sensorRunWorkflowId } from '../contract/ids';
import {
  assetMaterializedSignal,
  pauseSensorSignal,
  resetSensorCursorSignal,
  resumeSensorSignal,
  sensorStateQuery,
  triggerSensorSignal,
  type ResolvedSensorRunRequest,
  type SensorCarriedState,
  type SensorRunRecord,
  type SensorState,
  type SensorWorkflowInput,
} from '../contract/sensor';

export const DEFAULT_MAX_EVALUATIONS_PER_RUN = 200;
const MAX_PENDING_EVENTS = 100;
const MAX_EVENTS_PER_EVALUATION = 50;
const MAX_RECENT_RUNS = 20;
const MAX_RECENT_RUN_KEYS = 500;
const MAX_ERROR_BACKOFF_MS = 10 * 60_000;

/**
 * Patch: the runs a sensor requests get ids of their own kind, `assetflow/sensor-run/<sensor>/<run
 * key or uuid>`; before it they took `assetflow/run/<sensor>/<run key or uuid>`, the shape of
 * manual runs, so a manual run could take a sensor run's id (and the sensor counted its run as
 * deduped). Executions recorded before the patch replay with the old ids; new work takes the new.
 *
 * Dedupe across the change holds: a sensor keeps its last 500 run keys in its state
 * (`recentRunKeys`, carried across continue-as-new) and dedupes those without asking the server,
 * so a sensor deployed before the change still skips its recent run keys after it, though their
 * runs carry the old ids. Only a key older than the last 500 that comes back would run again
 * under the new id (the old id no longer stands in its way).
 */
export const SENSOR_RUN_ID_PATCH = 'assetflow-sensor-runs-have-their-own-id-prefix';

/**
 * A sensor: a long-running loop that waits (for its interval, or for a signal), evaluates the
 * user's sensor in an activity, starts the requested runs as abandoned child workflows, and
 * only then commits the cursor. A run key maps to a fixed child workflow id rejected when taken,
 * so a retried evaluation or a replay after a crash never starts a run twice. Evaluation
 * failures are recorded and retried with backoff; they never end the sensor.
 */
export async function assetflowSensor(input: SensorWorkflowInput): Promise<void> {
  const s: SensorCarriedState = input.carried ?? {
    paused: false,
    pendingEvents: [],
    nextEventSeq: 1,
    droppedEvents: 0,
    recentRunKeys: [],
    recentRuns: [],
    consecutiveFailures: 0,
    evaluations: 0,
    runsStarted: 0,
    runsDeduped: 0,
  };
  const maxEvaluations = input.maxEvaluationsPerRun ?? DEFAULT_MAX_EVALUATIONS_PER_RUN;
  let intervalSeconds = input.minimumIntervalSeconds;
  let evaluationOptions = input.evaluation;
  let triggered = false;
  let woken = false;
  let evaluating = false;
  let resetGeneration = 0;
  let evaluationsThisRun = 0;
  /** Start time (ms) of the last evaluation of this workflow run; the first evaluation runs at once. */
  let lastStartMs: number | undefined = s.lastEvaluation ? Date.parse(s.lastEvaluation.startedAt) : undefined;
  const recentKeys = new Set(s.recentRunKeys);

  const wake = () => {
    woken = true;
  };
  setHandler(pauseSensorSignal, () => {
    s.paused = true;
    wake();
  });
  setHandler(resumeSensorSignal, () => {
    s.paused = false;
    lastStartMs = undefined; // evaluate at once on resume
    wake();
  });
  setHandler(triggerSensorSignal, () => {
    triggered = true;
    wake();
  });
  setHandler(resetSensorCursorSignal, () => {
    s.cursor = undefined;
    resetGeneration++;
    wake();
  });
  setHandler(assetMaterializedSignal, (record: MaterializationRecord) => {
    s.pendingEvents.push({ seq: s.nextEventSeq++, record });
    if (s.pendingEvents.length > MAX_PENDING_EVENTS) {
      s.droppedEvents += s.pendingEvents.length - MAX_PENDING_EVENTS;
      s.pendingEvents.splice(0, s.pendingEvents.length - MAX_PENDING_EVENTS);
    }
    wake();
  });

  /** Milliseconds until the next evaluation is due; Infinity when nothing is due without a signal. */
  const waitMs = (): number => {
    if (s.paused) return Infinity;
    if (input.type === 'asset' && s.pendingEvents.length === 0) return Infinity;
    if (lastStartMs === undefined) return 0;
    const backoff = s.consecutiveFailures > 0 ? Math.min(MAX_ERROR_BACKOFF_MS, 1000 * 2 ** Math.min(s.consecutiveFailures, 20)) : 0;
    return Math.max(0, lastStartMs + Math.max(intervalSeconds * 1000, backoff) - Date.now());
  };

  const state = (): SensorState => {
    const wait = waitMs();
    return {
      name: input.name,
      type: input.type,
      status: s.paused ? 'paused' : 'running',
      evaluating,
      ...(s.cursor !== undefined ? { cursor: s.cursor } : {}),
      minimumIntervalSeconds: intervalSeconds,
      ...(s.lastEvaluation ? { lastEvaluation: s.lastEvaluation } : {}),
      ...(Number.isFinite(wait) ? { nextEvaluationAt: new Date(Date.now() + wait).toISOString() } : {}),
      consecutiveFailures: s.consecutiveFailures,
      ...(s.lastEvaluation?.error !== undefined ? { lastError: s.lastEvaluation.error } : {}),
      pendingEvents: s.pendingEvents.length,
      droppedEvents: s.droppedEvents,
      evaluations: s.evaluations,
      runsStarted: s.runsStarted,
      runsDeduped: s.runsDeduped,
      recentRuns: s.recentRuns,
    };
  };
  setHandler(sensorStateQuery, state);

  const { evaluateSensor } = proxyActivities<AssetflowActivities>({
    summary: `evaluate sensor ${input.name}`,
    startToCloseTimeout: input.evaluation.timeoutMs,
    heartbeatTimeout: input.evaluation.heartbeatTimeoutMs,
    retry: {
      maximumAttempts: input.evaluation.retry.maxAttempts,
      initialInterval: input.evaluation.retry.initialIntervalMs,
      backoffCoefficient: input.evaluation.retry.backoffCoefficient,
      maximumInterval: input.evaluation.retry.maximumIntervalMs,
    },
  });

  const startRun = async (wanted: ResolvedSensorRunRequest): Promise<SensorRunRecord> => {
    const requestedAt = new Date().toISOString();
    const runKeyOrId = wanted.runKey ?? uuid4();
    const workflowId = patched(SENSOR_RUN_ID_PATCH) ? sensorRunWorkflowId(input.name, runKeyOrId) : legacySensorRunWorkflowId(input.name, runKeyOrId);
    const key = wanted.runKey !== undefined ? { runKey: wanted.runKey } : {};
    if (wanted.runKey !== undefined && recentKeys.has(wanted.runKey)) return { ...key, workflowId, requestedAt, deduped: true };
    try {
      const child = await startChild(assetflowRun, {
        workflowId,
        args: [{ request: wanted.request }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `sensor ${input.name}${wanted.runKey !== undefined ? ` run key ${wanted.runKey}` : ''}`,
      });
      return { ...key, workflowId, runId: child.firstExecutionRunId, requestedAt, deduped: false };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { ...key, workflowId, requestedAt, deduped: true };
      throw err;
    }
  };

  const rememberRun = (run: SensorRunRecord) => {
    if (run.deduped) s.runsDeduped++;
    else s.runsStarted++;
    s.recentRuns.push(run);
    if (s.recentRuns.length > MAX_RECENT_RUNS) s.recentRuns.splice(0, s.recentRuns.length - MAX_RECENT_RUNS);
    if (run.runKey !== undefined && !recentKeys.has(run.runKey)) {
      recentKeys.add(run.runKey);
      s.recentRunKeys.push(run.runKey);
      if (s.recentRunKeys.length > MAX_RECENT_RUN_KEYS) for (const old of s.recentRunKeys.splice(0, s.recentRunKeys.length - MAX_RECENT_RUN_KEYS)) recentKeys.delete(old);
    }
  };

  const evaluate = async () => {
    triggered = false;
    evaluating = true;
    lastStartMs = Date.now();
    const startedAt = new Date(lastStartMs).toISOString();
    const events = s.pendingEvents.slice(0, MAX_EVENTS_PER_EVALUATION);
    const generation = resetGeneration;
    try {
      const result = await evaluateSensor({
        name: input.name,
        ...(s.cursor !== undefined ? { cursor: s.cursor } : {}),
        events: events.map((e) => e.record),
        ...(s.lastSuccessAt !== undefined ? { lastEvaluationAt: s.lastSuccessAt } : {}),
      });
      intervalSeconds = result.minimumIntervalSeconds;
      evaluationOptions = result.evaluation;
      const runs = await Promise.all(result.runRequests.map(startRun));
      runs.forEach(rememberRun);
      // The commit: the cursor moves only now that every requested run has started (or was already started).
      if (generation === resetGeneration) {
        if (result.cursor !== undefined) s.cursor = result.cursor;
        else delete s.cursor;
      }
      const lastSeq = events.at(-1)?.seq ?? 0;
      s.pendingEvents = s.pendingEvents.filter((e) => e.seq > lastSeq);
      const started = runs.filter((r) => !r.deduped).length;
      s.lastEvaluation = {
        startedAt,
        finishedAt: new Date().toISOString(),
        status: runs.length > 0 ? 'requested' : 'skipped',
        requested: runs.length,
        started,
        deduped: runs.length - started,
        ...(result.skipReason !== undefined ? { skipReason: result.skipReason } : {}),
      };
      s.lastSuccessAt = startedAt;
      s.consecutiveFailures = 0;
    } catch (err) {
      if (isCancellation(err)) throw err;
      s.consecutiveFailures++;
      s.lastEvaluation = { startedAt, finishedAt: new Date().toISOString(), status: 'failed', requested: 0, started: 0, deduped: 0, error: failureMessage(err) };
    } finally {
      evaluating = false;
      s.evaluations++;
      evaluationsThisRun++;
      setCurrentDetails(details(state()));
    }
  };

  setCurrentDetails(details(state()));
  for (;;) {
    if (evaluationsThisRun >= maxEvaluations || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof assetflowSensor>({ ...input, minimumIntervalSeconds: intervalSeconds, evaluation: evaluationOptions, carried: s });
    }
    if (triggered || waitMs() <= 0) {
      await evaluate();
      continue;
    }
    woken = false;
    const wait = waitMs();
    if (Number.isFinite(wait)) await condition(() => woken, wait);
    else await condition(() => woken);
  }
}

function failureMessage(err: unknown): string {
  let e: unknown = err;
  // ActivityFailure → ApplicationFailure (the user's error) carries the useful message.
  while (e instanceof Error && (e as { cause?: unknown }).cause instanceof Error) e = (e as { cause?: unknown }).cause;
  const message = e instanceof Error ? e.message : String(e);
  return message.length > 2000 ? `${message.slice(0, 2000)}…` : message;
}

/** The sensor's state for Temporal Web (current details). */
function details(state: SensorState): string {
  const last = state.lastEvaluation;
  const lines = [
    `**sensor ${state.name}**: ${state.status}${state.consecutiveFailures > 0 ? `, failing (${state.consecutiveFailures} in a row, backing off)` : ''}`,
    '',
    `- cursor: ${state.cursor === undefined ? '(none)' : `\`${state.cursor.slice(0, 200)}\``}`,
    `- evaluations: ${state.evaluations}, runs started: ${state.runsStarted}, deduped: ${state.runsDeduped}`,
  ];
  if (last) {
    lines.push(`- last evaluation ${last.startedAt}: ${last.status}${last.skipReason ? ` (${last.skipReason})` : ''}${last.status === 'requested' ? ` ${last.started} started, ${last.deduped} deduped` : ''}`);
    if (last.error) lines.push(`- error: ${last.error.slice(0, 500)}`);
  }
  if (state.pendingEvents > 0) lines.push(`- pending materializations: ${state.pendingEvents}`);
  return lines.join('\n');
}
