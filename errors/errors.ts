import { AssetflowError } from './assetflow-error';

// Kept importable from here, where it always was.
export { didYouMean } from './did-you-mean';

/** A definition problem found when `Definitions` (or a builder) validates: names the assets involved. Not retried. */
export class DefinitionError extends AssetflowError {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems in definitions:\n  - ${problems.join('\n  - ')}`, { code: 'DEFINITION_INVALID', retryable: false });
    this.name = 'DefinitionError';
  }
}

/** A selection that names something unknown or is malformed. Not retried. */
export class SelectionError extends AssetflowError {
  constructor(message: string) {
    super(message, { code: 'SELECTION_INVALID', retryable: false });
    this.name = 'SelectionError';
  }
}

/** A partition key or range that the partitions definition does not have, or a partition where none belongs. Not retried. */
export class PartitionError extends AssetflowError {
  constructor(message: string) {
    super(message, { code: 'PARTITION_INVALID', retryable: false });
    this.name = 'PartitionError';
  }
}

/** One problem in run config, at a path such as `ops.raw_sales.config.apiUrl`. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Run config that does not match the schemas of the ops and assets it configures. Not retried. */
export class RunConfigError extends AssetflowError {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid run config:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`, { code: 'RUN_CONFIG_INVALID', retryable: false });
    this.name = 'RunConfigError';
  }
}

/** A resource that cannot be built (an unset environment variable, a bad option, an unbound key). Not retried. */
export class ResourceError extends AssetflowError {
  constructor(message: string) {
    super(message, { code: 'RESOURCE_MISCONFIGURED', retryable: false });
    this.name = 'ResourceError';
  }
}
