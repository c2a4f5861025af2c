const REDACTED = '[secret]';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A secret value (password, token, connection string) held by a resource. It prints,
 * logs and serializes as `[secret]`; only `reveal()` returns the value. Resources live in
 * the worker (never in workflow inputs or results), and this wrapper keeps a logged or
 * returned resource from leaking the value into logs, metadata or Temporal history.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string, readonly name = 'secret') {
    this.#value = value;
  }

  /** The value itself: pass it straight to the client that needs it. */
  reveal(): string {
    return this.#value;
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

/** A secret read from an environment variable; throws, naming the variable, when it is unset. */
secret.fromEnv = (variable: string, env: NodeJS.ProcessEnv = process.env): Secret => {
  const value = env[variable];
  if (value === undefined || value === '') throw new Error(`The secret ${variable} is not set: export ${variable}=... in the worker's environment.`);
  return new Secret(value, variable);
};
