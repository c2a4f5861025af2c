import { didYouMean } from '../errors/errors';

/** The keys a step (asset or op) names that the Definitions must bind. */
export interface StepBindings {
  readonly ioManagerKey: string;
  /** Declared resources, by key. */
  readonly resources: object;
}

/** The IO manager and resource keys the Definitions bind. */
export interface BoundKeys {
  readonly ioManagers: readonly string[];
  readonly resources: readonly string[];
}

/**
 * Problems with what a step needs from the Definitions, naming `owner` (`asset 'raw_sales'`,
 * `op 'load'`): an IO manager key or a declared resource that is not bound, with close matches.
 */
export function stepBindingProblems(owner: string, step: StepBindings, bound: BoundKeys): string[] {
  const problems: string[] = [];
  if (!bound.ioManagers.includes(step.ioManagerKey)) {
    problems.push(`${owner} uses IO manager '${step.ioManagerKey}', which is not defined.${didYouMean(step.ioManagerKey, bound.ioManagers)} Known: ${bound.ioManagers.join(', ')}`);
  }
  for (const key of Object.keys(step.resources)) {
    if (!bound.resources.includes(key)) {
      problems.push(
        `${owner} uses resource '${key}', which is not in Definitions({ resources }).${didYouMean(key, bound.resources)}${bound.resources.length ? ` Known: ${bound.resources.join(', ')}` : ''}`,
      );
    }
  }
  return problems;
}
