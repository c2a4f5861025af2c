import { didYouMean, SelectionError } from '../errors/errors';
import { resolveSelection, type SelectableGraph } from './selection';

/** What a schedule, a sensor or an asset job runs: a job by name, or a selection of assets. */
export interface RunTarget {
  readonly job?: string;
  readonly selection?: string | readonly string[];
}

/** What a target is checked against: the asset graph and the jobs by name. */
export interface TargetRegistry {
  readonly graph: SelectableGraph;
  readonly jobs: ReadonlyMap<string, unknown>;
}

/**
 * Problems with what `owner` (`schedule 'nightly'`, `sensor 'new_files'`, `asset job 'etl'`)
 * runs: a job that is not in the registry (named, with close matches and the known jobs), or a
 * selection that does not resolve (with the SelectionError's message). Empty when it is fine.
 *
 * @example checkTarget(`schedule '${s.name}'`, s, { graph, jobs })
 */
export function checkTarget(owner: string, target: RunTarget, registry: TargetRegistry): string[] {
  const problems: string[] = [];
  if (target.job !== undefined && !registry.jobs.has(target.job)) {
    const known = [...registry.jobs.keys()];
    problems.push(
      `${owner} runs job '${target.job}', which is not in these Definitions.${didYouMean(target.job, known)}${known.length ? ` Jobs: ${known.join(', ')}` : ' These Definitions have no jobs.'}`,
    );
  }
  if (target.selection !== undefined) {
    try {
      resolveSelection(registry.graph, target.selection);
    } catch (err) {
      if (!(err instanceof SelectionError)) throw err;
      problems.push(`${owner} selects assets that are not in these Definitions: ${err.message}`);
    }
  }
  return problems;
}
