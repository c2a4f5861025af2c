import { defineQuery } from '@temporalio/workflow';
import type { BackfillProgress } from '../assets/backfill';
import type { RunResult } from '../assets/plan';

/** The run's step table as it stands: status, rows, duration and location of every step. */
export const runProgressQuery = defineQuery<RunResult>('assetflow.progress');

/** A backfill's counters: total, succeeded, failed, already run, running; the first failures. */
export const backfillProgressQuery = defineQuery<BackfillProgress>('assetflow.backfillProgress');
