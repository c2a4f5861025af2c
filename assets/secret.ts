import { ResourceError } from '../errors/errors';
import { registerSecretValue } from './redaction';

const REDACTED = '[secret]';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A secret value (password, token, connection string) held by a resource. It prints,
 * logs and serializes as `[secret]`; only `reveal()` returns the value. Resources live in
 * the worker (never in workflow inputs or results), and this wrapper keeps a logged or
 * returned resource from leaking the value into logs, metadata or Temporal history. A
 * revealed value is also scrubbed from the worker's log lines and from step errors.
 */
export class Secret {
  readonly #read: () => string;

  /** `value`, or a function that reads it when first revealed (`secret.fromEnv`). */
  constructor(value: string | (() => string), readonly name = 'secret') {
    if (typeof value === 'string') {
      registerSecretValue(value);
      this.#read = () => value;
    } else {
      let read: string | undefined;
      this.#read = () => (read ??= registerSecretValue(value()));
    }
  }

  /** The value itself: pass it straight to the client that needs it. Throws ResourceError when it cannot be read (an unset variable). */
  reveal(): string {
    return this.#read();
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [INSPECT](): string {
    return `Secret(${this.name}: ${REDACTED})`;
  }
}

/**
 * Marks a resource value as secret.
 *
 * @example
 * ```ts
 * const warehouse = { url: secret.fromEnv('WAREHOUSE_URL') };
 * new Definitions({ assets, resources: { warehouse } });
 * // in a compute: new pg.Client({ connectionString: context.resources.warehouse.url.reveal() })
 * ```
 */
export function secret(value: string, name?: string): Secret {
  return new Secret(value, name);
}

/**
 * A secret read from an environment variable when it is first revealed: in the worker, when the
 * resource holding it is built. Processes that only load the Definitions (a client planning runs,
 * the CLI, deploys) need not have it. Revealing it unset throws ResourceError naming the variable,
 * which fails the step without retries.
 */
secret.fromEnv = (variable: string, env: NodeJS.ProcessEnv = process.env): Secret =>
  new Secret(() => {
    const value = env[variable];
    if (value === undefined || value === '') throw new ResourceError(`the secret ${variable} is not set: export ${variable}=... in the worker's environment and restart the worker`);
    return value;
  }, variable);
