import { PartitionError } from '../errors/errors';
import { dailyPartitions, hourlyPartitions, MAX_PARTITION_KEY_LENGTH, previousDayPartition, staticPartitions } from './partitions';

const now = new Date('2026-11-24T10:30:00Z');

describe('dailyPartitions', () => {
  const daily = dailyPartitions({ start: '2026-11-20' });

  test('enumerates the days that have ended, oldest first', () => {
    expect(daily.keys(now)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    expect(daily.lastKey(now)).toBe('2026-11-23');
  });
  test('endOffset 1 adds the day in progress, -1 drops the last complete one', () => {
    expect(dailyPartitions({ start: '2026-11-20', endOffset: 1 }).lastKey(now)).toBe('2026-11-24');
    expect(dailyPartitions({ start: '2026-11-20', endOffset: -1 }).keys(now)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
  });
  test('a time window is [midnight, next midnight) in the timezone', () => {
    const paris = dailyPartitions({ start: '2026-01-01', timezone: 'Europe/Paris' });
    expect(paris.timeWindow('2026-03-29')).toEqual({ start: new Date('2026-03-28T23:00:00Z'), end: new Date('2026-03-29T22:00:00Z') }); // a 23-hour day (DST)
    expect(daily.timeWindow('2026-11-21')).toEqual({ start: new Date('2026-11-21T00:00:00Z'), end: new Date('2026-11-22T00:00:00Z') });
  });
  test('the timezone decides which days have ended', () => {
    const tokyo = dailyPartitions({ start: '2026-11-20', timezone: 'Asia/Tokyo' }); // 19:30 on the 24th in Tokyo
    expect(tokyo.lastKey(now)).toBe('2026-11-23');
    const honolulu = dailyPartitions({ start: '2026-11-20', timezone: 'Pacific/Honolulu' }); // 00:30 on the 24th
    expect(honolulu.lastKey(new Date('2026-11-24T09:00:00Z'))).toBe('2026-11-22');
  });
  test('keysBetween is inclusive', () => {
    expect(daily.keysBetween('2026-11-21', '2026-11-23', now)).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
  });
  test.each([
    ['2026-11-32', /not a daily partition key: expected the format yyyy-MM-dd; valid keys: '2026-11-20' to '2026-11-23'/],
    ['20261121', /not a daily partition key/],
    ['2026-11-19', /outside daily from 2026-11-20 \(UTC\): valid keys: '2026-11-20' to '2026-11-23'/],
    ['2026-11-24', /outside daily/],
  ])('key %s is refused, naming the valid range', (key, message) => {
    expect(() => daily.validateKey(key, now)).toThrow(PartitionError);
    expect(() => daily.validateKey(key, now)).toThrow(message);
  });
  test('a reversed range and bad options are refused', () => {
    expect(() => daily.keysBetween('2026-11-23', '2026-11-21', now)).toThrow(/'2026-11-23' comes after '2026-11-21'/);
    expect(() => dailyPartitions({ start: 'yesterday' })).toThrow(/start 'yesterday' is not an ISO date/);
    expect(() => dailyPartitions({ start: '2026-01-01', timezone: 'Mars/Olympus' })).toThrow(/unknown timezone 'Mars\/Olympus'/);
  });
  test('1,000 days enumerate', () => {
    const long = dailyPartitions({ start: '2024-01-01' });
    const keys = long.keysBetween('2024-01-01', '2026-09-26', now);
    expect(keys).toHaveLength(1000);
    expect(new Set(keys).size).toBe(1000);
  });
});

describe('hourlyPartitions', () => {
  const hourly = hourlyPartitions({ start: '2026-11-24T07:00' });
  test('keys are yyyy-MM-dd-HH:mm, windows one hour', () => {
    expect(hourly.keys(now)).toEqual(['2026-11-24-07:00', '2026-11-24-08:00', '2026-11-24-09:00']);
    expect(hourly.timeWindow('2026-11-24-08:00')).toEqual({ start: new Date('2026-11-24T08:00:00Z'), end: new Date('2026-11-24T09:00:00Z') });
    expect(() => hourly.validateKey('2026-11-24-08:30', now)).toThrow(/not an hourly partition key/);
  });
});

test('UTC keys (plain Date arithmetic) are the keys luxon makes in the same zone, across a leap day and a new year', () => {
  const now = new Date('2025-01-03T05:30:00Z');
  for (const make of [dailyPartitions, hourlyPartitions]) {
    const fast = make({ start: '2023-12-30' }).keys(now);
    const luxon = make({ start: '2023-12-30', timezone: 'Etc/UTC' }).keys(now);
    expect(fast).toEqual(luxon);
    expect(fast.length).toBeGreaterThan(300);
  }
  expect(dailyPartitions({ start: '2024-02-27' }).keys(new Date('2024-03-02T00:00:00Z'))).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  expect(hourlyPartitions({ start: '2024-12-31T22:00' }).keys(new Date('2025-01-01T01:00:00Z'))).toEqual(['2024-12-31-22:00', '2024-12-31-23:00', '2025-01-01-00:00']);
});

describe('staticPartitions', () => {
  const regions = staticPartitions(['emea', 'amer', 'apac']);
  test('keys, ranges and validation', () => {
    expect(regions.keys(now)).toEqual(['emea', 'amer', 'apac']);
    expect(regions.keysBetween('amer', 'apac', now)).toEqual(['amer', 'apac']);
    expect(regions.timeWindow('emea')).toBeUndefined();
    expect(() => regions.validateKey('mars', now)).toThrow(/'mars' is not one of the static partitions: valid keys: 'emea', 'amer', 'apac'/);
  });
  test('bad lists are refused', () => {
    expect(() => staticPartitions([])).toThrow(/non-empty/);
    expect(() => staticPartitions(['a', 'a'])).toThrow(/listed twice/);
    expect(() => staticPartitions(['a/b'])).toThrow(/names a file/);
  });
  // Each was accepted here and failed only at run time (a storage-path error after 3 attempts,
  // a search attribute over its size limit, a workflow id over its length limit).
  test.each([
    ["'.'", '.', /partition key '\.' is refused \(it would name a directory\)/],
    ["'..'", '..', /partition key '\.\.' is refused \(it would name a directory\)/],
    ['of 10,000 characters', 'x'.repeat(10_000), /partition key 'x{40}…' \(10000 characters\) is over the limit of 200 characters/],
    ['of 201 characters', 'x'.repeat(201), /over the limit of 200 characters/],
    ['that is empty', '', /must not be empty/],
    ['with a tab', 'tab\there', /has a character a partition key may not have/],
    ['with a NUL', 'nul\0', /has a character/],
    ['with a space', 'a b', /has a character/],
    ['with a ~', 'a~b', /has a character/],
    ["with a ':'", '2026-01-01-00:00', /has a ':', which static keys may not have/],
  ])('a key %s is refused when defined, stating the rules', (_label, key, message) => {
    expect(() => staticPartitions(['ok', key])).toThrow(PartitionError);
    expect(() => staticPartitions(['ok', key])).toThrow(message);
    expect(() => staticPartitions(['ok', key])).toThrow(/1 to 200 characters, letters, digits and _ \. @ = \+ - only, not '\.' or '\.\.'/);
  });
  test('a key of exactly 200 characters is accepted', () => {
    expect(staticPartitions(['y'.repeat(MAX_PARTITION_KEY_LENGTH)]).keys(now)).toEqual(['y'.repeat(200)]);
  });
});

describe('previousDayPartition', () => {
  test('a daily schedule at 00:05 materializes yesterday, in the partitions timezone', () => {
    expect(previousDayPartition(new Date('2026-11-24T00:05:00Z'), dailyPartitions({ start: '2026-01-01' }))).toBe('2026-11-23');
    // 00:05 UTC on the 24th is 01:05 in Paris, still the 24th: yesterday is the 23rd.
    expect(previousDayPartition(new Date('2026-11-24T00:05:00Z'), dailyPartitions({ start: '2026-01-01', timezone: 'Europe/Paris' }))).toBe('2026-11-23');
    // 23:30 UTC on the 23rd is 08:30 on the 24th in Tokyo.
    expect(previousDayPartition(new Date('2026-11-23T23:30:00Z'), dailyPartitions({ start: '2026-01-01', timezone: 'Asia/Tokyo' }))).toBe('2026-11-23');
  });
  test('before the first partition has ended, or for static partitions, it says so', () => {
    expect(() => previousDayPartition(new Date('2026-01-01T12:00:00Z'), dailyPartitions({ start: '2026-01-01' }))).toThrow(/outside daily/);
    expect(() => previousDayPartition(now, staticPartitions(['a']))).toThrow(/needs time partitions/);
  });
});
