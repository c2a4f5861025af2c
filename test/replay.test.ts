/**
 * Replay testing: every history under test/histories/ (real runs recorded by
 * test/histories/record.ts) must replay against the current workflow code. A change to
 * workflows/ that would break runs in flight fails here with a DeterminismViolationError.
 */
import path from 'node:path';
import { readHistories, replayHistories } from '../client/replay-histories';

const HISTORIES = path.join(__dirname, 'histories');

test('the committed histories cover the run, sensor and backfill workflows’ paths', () => {
  const names = readHistories(HISTORIES).map((h) => h.workflowId);
  expect(names).toEqual(
    expect.arrayContaining([
      'successful-run',
      'failed-asset',
      'retried-asset',
      'requested-run',
      'schedule-run',
      'sensor-continue-as-new-1',
      'sensor-continue-as-new-2',
      'op-job-run',
      'backfill-continue-as-new-1',
      'backfill-continue-as-new-2',
      'backfill-continue-as-new-3',
      'catalog-runs-1',
      'catalog-runs-2',
      'reexecuted-run',
      'checked-run',
    ]),
  );
});

test('every committed history replays against the current workflow code', async () => {
  const histories = readHistories(HISTORIES);
  const outcomes = await replayHistories(histories, { workflowBundle: { codePath: process.env.ASSETFLOW_TEST_BUNDLE! } });
  expect(outcomes.map((o) => o.workflowId).sort()).toEqual(histories.map((h) => h.workflowId).sort());
  expect(outcomes.filter((o) => o.error).map((o) => `${path.basename(o.file)}: ${o.error!.name}: ${o.error!.message}`)).toEqual([]);
});
