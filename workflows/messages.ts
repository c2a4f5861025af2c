import { defineQuery } from '@temporalio/workflow';
import type { RunResult } from '../assets/plan';

/** The run's step table as it stands: status, rows, duration and location of every step. */
export const runProgressQuery = defineQuery<RunResult>('assetflow.progress');
