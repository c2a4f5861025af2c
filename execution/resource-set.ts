import { didYouMean, ResourceError } from '../errors/errors';
import { isResourceDefinition } from '../assets/resources';
import { registerBuiltResource } from '../assets/redaction';
import { Secret } from '../assets/secret';

/**
 * The resources bound in a Definitions value: built on first use (once per process, concurrent
 * callers share the build), and torn down by `dispose()`.
 */
export class ResourceSet {
  private readonly built = new Map<string, Promise<unknown>>();

  constructor(readonly bindings: Readonly<Record<string, unknown>>) {}

  keys(): string[] {
    return Object.keys(this.bindings);
  }

  /** The values of `keys`, for `owner` (used in error messages). */
  async resolve(keys: readonly string[], owner: string): Promise<Record<string, unknown>> {
    const result: Record<string, unknown> = {};
    for (const key of keys) result[key] = await this.get(key, owner);
    return result;
  }

  private get(key: string, owner: string): Promise<unknown> {
    if (!(key in this.bindings)) {
      return Promise.reject(new ResourceError(`${owner} uses resource '${key}', which is not bound in Definitions({ resources }).${didYouMean(key, this.keys())}`));
    }
    const binding = this.bindings[key];
    if (!isResourceDefinition(binding)) {
      // A plain value's secrets are read now, so that an unset one fails here, naming the resource.
      try {
        revealSecretsIn(binding);
      } catch (err) {
        return Promise.reject(err instanceof ResourceError ? new ResourceError(`resource '${key}': ${err.message}`) : err);
      }
      return Promise.resolve(binding);
    }
    let pending = this.built.get(key);
    if (!pending) {
      pending = (async () => binding.create())().then(
        (value) => {
          // Built resources (pools, clients) hold their options: log lines show them by key only.
          registerBuiltResource(value, key);
          return value;
        },
        (err: unknown) => {
          this.built.delete(key);
          const message = err instanceof Error ? err.message : String(err);
          throw err instanceof ResourceError ? new ResourceError(`resource '${key}': ${message}`) : err;
        },
      );
      this.built.set(key, pending);
    }
    return pending;
  }

  /** Tears down every resource built so far. */
  async dispose(): Promise<void> {
    const entries = [...this.built];
    this.built.clear();
    for (const [key, pending] of entries) {
      const binding = this.bindings[key];
      if (!isResourceDefinition(binding) || !binding.teardown) continue;
      const value = await pending.catch(() => undefined);
      if (value !== undefined) await binding.teardown(value);
    }
  }
}

/** Reveals every Secret in a plain resource value (objects and arrays, a few levels deep), so that an unreadable one throws. */
function revealSecretsIn(value: unknown, depth = 4): void {
  if (value instanceof Secret) value.reveal();
  else if (depth > 0 && typeof value === 'object' && value !== null && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) {
    for (const inner of Object.values(value)) revealSecretsIn(inner, depth - 1);
  }
}
