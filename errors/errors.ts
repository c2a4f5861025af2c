import { closest, distance } from 'fastest-levenshtein';

/** A definition problem found when `Definitions` (or a builder) validates: names the assets involved. */
export class DefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems in definitions:\n  - ${problems.join('\n  - ')}`);
    this.name = 'DefinitionError';
  }
}

/** A selection that names something unknown or is malformed. */
export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

/** A partition key or range that the partitions definition does not have, or a partition where none belongs. */
export class PartitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartitionError';
  }
}

/** One problem in run config, at a path such as `ops.raw_sales.config.apiUrl`. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Run config that does not match the schemas of the ops and assets it configures. */
export class RunConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid run config:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'RunConfigError';
  }
}

/** "Did you mean ...?" suffix listing up to three known names close to `name`. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const candidates = [...known];
  if (candidates.length === 0) return '';
  const limit = Math.max(2, Math.floor(name.length / 3));
  const near = candidates
    .map((c) => ({ c, d: distance(name.toLowerCase(), c.toLowerCase()) }))
    .filter(({ c, d }) => d <= limit || c.includes(name) || name.includes(c))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ c }) => `'${c}'`);
  if (near.length === 0) near.push(`'${closest(name, candidates)}'`);
  return ` Did you mean ${near.join(' or ')}?`;
}

/** A resource that cannot be built (an unset environment variable, a bad option). Not retried. */
export class ResourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceError';
  }
}
