/** Test contexts carry the partition's time window as a run's do, and refuse keys the asset does not have. */
import { asset, dailyPartitions, hourlyPartitions, PartitionError, staticPartitions } from 'assetflow';
import { buildAssetContext, buildOpContext } from 'assetflow/testing';

const day = asset({ key: 'day', partitions: dailyPartitions({ start: '2026-01-01', timezone: 'Europe/Paris' }), compute: () => 1 });
const hour = asset({ key: 'hour', partitions: hourlyPartitions({ start: '2026-01-01' }), compute: () => 1 });
const region = asset({ key: 'region', partitions: staticPartitions(['emea', 'amer']), compute: () => 1 });

test("a daily partition's window is its day, cut in the partitions' timezone", () => {
  const context = buildAssetContext({ step: day, partitionKey: '2026-03-29' }); // Paris moves to summer time that day: 23 hours
  expect(context.partitionKey).toBe('2026-03-29');
  expect(context.partitionTimeWindow).toEqual({ start: new Date('2026-03-28T23:00:00Z'), end: new Date('2026-03-29T22:00:00Z') });
});

test("an hourly partition's window is its hour", () => {
  expect(buildAssetContext({ step: hour, partitionKey: '2026-02-03-14:00' }).partitionTimeWindow).toEqual({ start: new Date('2026-02-03T14:00:00Z'), end: new Date('2026-02-03T15:00:00Z') });
});

test('static partitions, no partition or no step give no window; an explicit window is used as given', () => {
  expect(buildAssetContext({ step: region, partitionKey: 'emea' }).partitionTimeWindow).toBeUndefined();
  expect(buildAssetContext({ step: day }).partitionTimeWindow).toBeUndefined();
  expect(buildOpContext({ partitionKey: '2026-01-02' }).partitionTimeWindow).toBeUndefined();
  const window = { start: new Date('2026-05-01T00:00:00Z'), end: new Date('2026-05-08T00:00:00Z') };
  expect(buildAssetContext({ step: day, partitionKey: '2026-05-01', partitionTimeWindow: window }).partitionTimeWindow).toBe(window);
  expect(buildOpContext({ partitionTimeWindow: window }).partitionTimeWindow).toBe(window);
});

test("a key the asset's partitions do not have is a PartitionError naming the asset and the valid keys", () => {
  expect(() => buildAssetContext({ step: day, partitionKey: '2026-1-5' })).toThrow(PartitionError);
  expect(() => buildAssetContext({ step: day, partitionKey: '2026-1-5' })).toThrow(/^asset 'day': '2026-1-5' is not a daily partition key: expected the format yyyy-MM-dd; valid keys: '2026-01-01' to /);
  expect(() => buildAssetContext({ step: day, partitionKey: '2025-12-31' })).toThrow(/^asset 'day': partition '2025-12-31' is outside daily from 2026-01-01 \(Europe\/Paris\)/);
  expect(() => buildAssetContext({ step: hour, partitionKey: '2026-02-03' })).toThrow(/^asset 'hour': '2026-02-03' is not an hourly partition key/);
  expect(() => buildAssetContext({ step: region, partitionKey: 'apac' })).toThrow("asset 'region': 'apac' is not one of the static partitions: valid keys: 'emea', 'amer'");
});
