import { isSchedule, type ScheduleDefinition } from '../assets/schedule';
import { checkTarget, type TargetRegistry } from './target-check';

/**
 * The schedules given to Definitions, by name, checked: each is a schedule, names are unique, and
 * each target (job or selection) exists. Problems are appended to `problems`.
 */
export function collectSchedules(list: readonly unknown[], registry: TargetRegistry, problems: string[]): Map<string, ScheduleDefinition> {
  const schedules = new Map<string, ScheduleDefinition>();
  for (const [i, s] of list.entries()) {
    if (!isSchedule(s)) {
      problems.push(`schedules[${i}] is not a schedule built by schedule()`);
      continue;
    }
    if (schedules.has(s.name)) problems.push(`schedule name '${s.name}' is used twice: each schedule needs its own name`);
    else schedules.set(s.name, s);
    problems.push(...checkTarget(`schedule '${s.name}'`, s, registry));
  }
  return schedules;
}
