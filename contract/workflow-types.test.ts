/**
 * The workflow-type constants name the functions the worker registers: a renamed function
 * would break every committed history, visibility query and deployed schedule that spells
 * the type, so the constants and the functions must agree.
 */
import * as workflows from '../workflows';
import { BACKFILL_WORKFLOW_TYPE } from './backfill';
import { RUN_WORKFLOW_TYPE } from './run';
import { SENSOR_WORKFLOW_TYPE } from './sensor';

test.each([
  [RUN_WORKFLOW_TYPE, workflows.assetflowRun],
  [SENSOR_WORKFLOW_TYPE, workflows.assetflowSensor],
  [BACKFILL_WORKFLOW_TYPE, workflows.assetflowBackfill],
])('%s is the name of the registered workflow function', (type, fn) => {
  expect(fn.name).toBe(type);
});

test('every registered workflow has its constant', () => {
  expect(Object.keys(workflows).sort()).toEqual([BACKFILL_WORKFLOW_TYPE, RUN_WORKFLOW_TYPE, SENSOR_WORKFLOW_TYPE].sort());
});
