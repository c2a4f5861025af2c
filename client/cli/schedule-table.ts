import Table from 'cli-table3';
import pc, { tableStyle } from './colors';
import type { ScheduleChange } from '../deploy';
import type { ScheduleRow } from '../schedules';

const CHANGE_MARK: Record<ScheduleChange['change'], string> = {
  created: pc.green('+'),
  updated: pc.cyan('~'),
  deleted: pc.red('-'),
  unchanged: pc.dim('='),
  skipped: pc.yellow('!'),
};

/** What `assetflow deploy` prints: one line per schedule it looked at. */
export function deployLines(changes: readonly ScheduleChange[]): string {
  if (changes.length === 0) return 'No schedules in the code and none deployed by assetflow.';
  const lines = changes.map((c) => `  ${CHANGE_MARK[c.change]} ${c.name} ${pc.dim(c.change)}${c.reason ? `: ${c.reason}` : ''}`);
  const changed = changes.filter((c) => c.change !== 'unchanged' && c.change !== 'skipped').length;
  return `${lines.join('\n')}\n${changed === 0 ? 'Schedules are up to date.' : `${changed} schedule${changed === 1 ? '' : 's'} changed.`}`;
}

/** The table of `assetflow schedules list`. */
export function scheduleTable(rows: readonly ScheduleRow[]): string {
  if (rows.length === 0) return 'No schedules: add schedule({...}) values to Definitions({ schedules }) and run `assetflow deploy`.';
  const table = new Table({ head: ['schedule', 'cron', 'when', 'status', 'next fire times', 'note'], style: tableStyle() });
  for (const r of rows) {
    table.push([
      r.name,
      r.cron ? `${r.cron}${r.timezone && r.timezone !== 'UTC' ? ` (${r.timezone})` : ''}` : '',
      r.description ?? '',
      r.status === 'active' ? pc.green(r.status) : pc.yellow(r.status),
      r.nextFireTimes.map((d) => d.toISOString()).join('\n'),
      r.note ?? '',
    ]);
  }
  return table.toString();
}
