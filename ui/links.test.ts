import { backfillPagePath, launchPath, runPagePath, temporalWebRunLink, workflowPagePath } from './links';

test('workflow ids become one encoded path segment', () => {
  expect(runPagePath('assetflow/run/top_customers+/20261124T101500Z-3fa2c1')).toBe('/runs/assetflow%2Frun%2Ftop_customers%2B%2F20261124T101500Z-3fa2c1');
  expect(decodeURIComponent(runPagePath('a/b c?d#e').slice('/runs/'.length))).toBe('a/b c?d#e');
});

test('backfill workflows link to the backfill page, every other workflow to the run page', () => {
  expect(workflowPagePath('assetflow/backfill/daily-1')).toBe(backfillPagePath('daily-1'));
  expect(workflowPagePath('assetflow/backfill-run/daily-1/2026-11-01')).toBe(runPagePath('assetflow/backfill-run/daily-1/2026-11-01'));
  expect(workflowPagePath('assetflow/scheduled-run/daily-2026-11-24T00:00:00Z')).toBe(runPagePath('assetflow/scheduled-run/daily-2026-11-24T00:00:00Z'));
});

test('the launch link encodes the selection', () => {
  expect(launchPath('top_customers+, group:sales')).toBe('/launch?select=top_customers%2B%2C%20group%3Asales');
});

test('no Temporal Web link without its address', () => {
  expect(temporalWebRunLink({ namespace: 'default' }, 'w', 'r')).toBeUndefined();
  expect(temporalWebRunLink({ namespace: 'default', temporalWebUrl: 'http://127.0.0.1:8233/' }, 'assetflow/run/x/1', 'r1')).toBe(
    'http://127.0.0.1:8233/namespaces/default/workflows/assetflow%2Frun%2Fx%2F1/r1/history',
  );
});
