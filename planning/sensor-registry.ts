import { isSensor, type SensorDefinition } from '../assets/sensor';
import { didYouMean } from '../errors/errors';
import { checkTarget, type TargetRegistry } from './target-check';

/**
 * The sensors given to Definitions, by name, checked: each is a sensor, names are unique, each
 * target (job or selection) exists, and asset sensors watch assets of these Definitions.
 * Problems are appended to `problems`.
 */
export function collectSensors(list: readonly unknown[], registry: TargetRegistry, problems: string[]): Map<string, SensorDefinition> {
  const sensors = new Map<string, SensorDefinition>();
  for (const [i, s] of list.entries()) {
    if (!isSensor(s)) {
      problems.push(`sensors[${i}] is not a sensor built by sensor() or assetSensor()`);
      continue;
    }
    if (sensors.has(s.name)) problems.push(`sensor name '${s.name}' is used twice: each sensor needs its own name`);
    else sensors.set(s.name, s);
    problems.push(...checkTarget(`sensor '${s.name}'`, s, registry));
    for (const key of s.assetKeys) {
      if (!registry.graph.upstream.has(key)) {
        problems.push(`asset sensor '${s.name}' watches '${key}', which is not an asset in these Definitions.${didYouMean(key, registry.graph.upstream.keys())}`);
      }
    }
  }
  return sensors;
}
