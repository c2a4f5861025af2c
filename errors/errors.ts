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

/**
 * Run config whose JSON is over the limit it may have (it travels in workflow inputs, whose
 * payloads Temporal caps at 2 MiB). Refused before anything is sent. Not retried.
 */
export class RunConfigTooLargeError extends AssetflowError {
  constructor(
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `Run config is ${bytes} bytes as JSON, over the limit of ${limitBytes} bytes (${limitBytes / 1024} KiB): ` +
        `run config travels in Temporal payloads; pass large data as a file, a table or a URL the compute reads, and only its location as config`,
      { code: 'RUN_CONFIG_TOO_LARGE', retryable: false },
    );
    this.name = 'RunConfigTooLargeError';
  }
}

/** A resource that cannot be built (an unset environment variable, a bad option, an unbound key). Not retried. */
export class ResourceError extends AssetflowError {
  constructor(message: string) {
    super(message, { code: 'RESOURCE_MISCONFIGURED', retryable: false });
    this.name = 'ResourceError';
  }
}
