import { asset } from '../assets/asset';
import { Definitions } from './definitions';
import { DefinitionError, PartitionError } from '../errors/errors';
import { dailyPartitions, hourlyPartitions, staticPartitions, type PartitionsDefinition } from '../assets/partitions';
import { resolveBackfillKeys } from './backfill-keys';
import { partitionForSchedule } from './scheduled-partition';

const now = new Date('2026-11-24T10:00:00Z');
const daily = dailyPartitions({ start: '2026-11-01' });
const events = asset({ key: 'events', partitions: daily, compute: () => [1] });
const cleaned = asset({ key: 'cleaned', partitions: dailyPartitions({ start: '2026-11-01' }), ins: { events }, compute: ({ events }) => events });
const summary = asset({ key: 'summary', ins: { cleaned }, compute: ({ cleaned }) => cleaned });
const lookup = asset({ key: 'lookup', compute: () => 1 });
const definitions = new Definitions({ assets: [events, cleaned, summary, lookup], storageRoot: '/tmp/unused' });

describe('Definitions with partitions', () => {
  test('identically partitioned upstreams (even separately built) and unpartitioned downstreams are fine', () => {
    expect(definitions.partitionsOf('events+')?.id).toBe(daily.id);
    expect(definitions.partitionsOf('lookup')).toBeUndefined();
  });
  test('a partitioned asset reading a differently partitioned upstream is refused, naming both', () => {
    const hourly = asset({ key: 'hourly', partitions: hourlyPartitions({ start: '2026-11-01T00:00' }), ins: { events }, compute: () => 1 });
    expect(() => new Definitions({ assets: [events, hourly] })).toThrow(DefinitionError);
    expect(() => new Definitions({ assets: [events, hourly] })).toThrow(/asset 'hourly' is partitioned hourly from .* but its upstream 'events' is partitioned daily from 2026-11-01/);
  });
  test('asset() refuses partitions not built by a partitions function', () => {
    expect(() => asset({ key: 'x', partitions: { kind: 'daily' } as never, compute: () => 1 })).toThrow(/partitions must be built by dailyPartitions/);
  });
  test('a plan with a partition key gives it to the run', () => {
    expect(definitions.plan({ selection: 'events+', partitionKey: '2026-11-23', now }).partitionKey).toBe('2026-11-23');
  });
  test('an unknown partition key is refused with the valid range', () => {
    expect(() => definitions.plan({ selection: 'events', partitionKey: 'yesterday', now })).toThrow(PartitionError);
    expect(() => definitions.plan({ selection: 'events', partitionKey: 'yesterday', now })).toThrow(
      /asset 'events': 'yesterday' is not a daily partition key: expected the format yyyy-MM-dd; valid keys: '2026-11-01' to '2026-11-23'/,
    );
  });
  test('a key outside the definition is refused', () => {
    expect(() => definitions.plan({ selection: 'events', partitionKey: '2026-10-31', now })).toThrow(/outside daily from 2026-11-01/);
    expect(() => definitions.plan({ selection: 'events', partitionKey: '2026-11-24', now })).toThrow(/outside daily/);
  });
  test('a partition key on a selection without partitioned assets is refused', () => {
    expect(() => definitions.plan({ selection: 'lookup', partitionKey: '2026-11-23', now })).toThrow(/no asset of selection "lookup" is partitioned \(lookup\): drop the partition key/);
  });
  test('a partitioned selection without a key is refused, suggesting the newest key', () => {
    expect(() => definitions.plan({ selection: 'events', now })).toThrow(/asset 'events' of selection "events" is partitioned daily .*: pass a partition key \(the newest is '2026-11-23'\)/);
    expect(definitions.plan({ selection: 'summary' }).partitionKey).toBeUndefined(); // reads every partition of cleaned
  });
  test('a selection mixing partitionings has no single partitions definition', () => {
    const regional = asset({ key: 'regional', partitions: staticPartitions(['emea', 'amer']), compute: () => 1 });
    const mixed = new Definitions({ assets: [events, regional] });
    expect(() => mixed.partitionsOf('*')).toThrow(/mixes partitionings: 'events' is daily .*, 'regional' is static/);
  });
});

describe('partitionForSchedule (the hook of a daily schedule of a partitioned selection)', () => {
  test('gives the previous day of the selection, nothing for an unpartitioned one', () => {
    expect(partitionForSchedule(definitions, 'events+', new Date('2026-11-24T00:05:00Z'))).toBe('2026-11-23');
    expect(partitionForSchedule(definitions, 'lookup', new Date('2026-11-24T00:05:00Z'))).toBeUndefined();
    const regional = new Definitions({ assets: [asset({ key: 'regional', partitions: staticPartitions(['emea']), compute: () => 1 })] });
    expect(() => partitionForSchedule(regional, '*', now)).toThrow(/static partitions .*give the partition key explicitly/);
  });
});

describe('partition keys given at run time meet the rules of static keys', () => {
  /** A partitions definition of one's own whose keys grow at run time (Dagster's dynamic partitions). */
  const growing = (keys: string[]): PartitionsDefinition => ({
    kind: 'static',
    id: 'growing',
    description: 'growing',
    keys: () => [...keys],
    lastKey: () => keys[keys.length - 1],
    validateKey: (key) => {
      if (!keys.includes(key)) throw new PartitionError(`'${key}' is not a key yet`);
    },
    keysBetween: (from, to) => keys.slice(keys.indexOf(from), keys.indexOf(to) + 1),
    timeWindow: () => undefined,
    keyAt: () => undefined,
  });

  test.each([
    ['..', /partition key '\.\.' is refused/],
    ['x'.repeat(1500), /partition key 'x{40}…' \(1500 characters\) is over the limit of 200 characters/],
    ['a/b', /has a character a partition key may not have/],
  ])('a key added at run time (%#) is refused when a run or a backfill is planned, stating the rules', (key, message) => {
    const keys = ['ok'];
    const added = asset({ key: 'added', partitions: growing(keys), compute: () => 1 });
    const defs = new Definitions({ assets: [added], storageRoot: '/tmp/unused' });
    keys.push(key);
    expect(() => defs.plan({ partitionKey: key })).toThrow(PartitionError);
    expect(() => defs.plan({ partitionKey: key })).toThrow(message);
    expect(() => defs.plan({ partitionKey: key })).toThrow(/use 1 to 200 characters/);
    expect(() => resolveBackfillKeys(defs, { keys: ['ok', key] })).toThrow(message);
    expect(() => resolveBackfillKeys(defs, { from: 'ok', to: key })).toThrow(message);
    expect(defs.plan({ partitionKey: 'ok' }).partitionKey).toBe('ok');
  });
});
