/**
 * What a worker's log lines and step errors must never show: secret values (a `Secret` once
 * revealed or given, the password of any connection string a resource option resolved to) and
 * the resources built from them (a pool whose options hold its connection string).
 */

const REDACTED = '[secret]';
/** Shorter values are not scrubbed from text: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;
const secretValues = new Set<string>();
const builtResources = new WeakMap<object, string>();

/** `scheme://user:password@`: the password part of a URL's credentials. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'`]*):([^\s@/"'`]+)@/gi;

/**
 * Remembers `value` as secret (and, for a URL with a password, the password alone, as clients
 * keep it apart once parsed), so that {@link redactSecrets} scrubs it. Returns the value.
 */
export function registerSecretValue(value: string): string {
  addSecret(value);
  registerUrlPasswords(value);
  return value;
}

/** Remembers the passwords of the URLs in `text` (a connection string) as secret. Returns the text. */
export function registerUrlPasswords(text: string): string {
  for (const match of text.matchAll(URL_PASSWORD)) {
    addSecret(match[2]);
    try {
      addSecret(decodeURIComponent(match[2]));
    } catch {
      // not percent-encoded
    }
  }
  return text;
}

function addSecret(text: string): void {
  if (text.length < MIN_SECRET_LENGTH) return;
  secretValues.add(text);
  // As it appears inside a JSON log line.
  const escaped = JSON.stringify(text).slice(1, -1);
  if (escaped !== text) secretValues.add(escaped);
}

/** `text` with every known secret value and every URL password replaced by `[secret]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const value of secretValues) if (out.includes(value)) out = out.split(value).join(REDACTED);
  return out.replace(URL_PASSWORD, `$1:${REDACTED}@`);
}

/**
 * Scrubs secrets from an error's message and stack (and its causes), in place, before it is
 * logged, recorded in the catalog or sent to Temporal. Returns the error.
 */
export function redactError<T>(err: T): T {
  const seen = new Set<object>();
  for (let at: unknown = err; at instanceof Error && !seen.has(at); at = at.cause) {
    seen.add(at);
    const message = redactSecrets(at.message);
    if (message !== at.message) at.message = message;
    if (at.stack) {
      const stack = redactSecrets(at.stack);
      if (stack !== at.stack) at.stack = stack;
    }
  }
  return err;
}

/** Marks `value` as the resource bound under `key`: log lines show `[resource key]` instead of its fields. */
export function registerBuiltResource(value: unknown, key: string): void {
  if (typeof value === 'object' && value !== null) builtResources.set(value, key);
}

/**
 * Log fields with built resources (anywhere in plain objects and arrays, a few levels deep)
 * replaced by `[resource <key>]`: a logged resource never serializes its options. Returns the
 * object itself when there is nothing to replace.
 */
export function hideResources<T>(fields: T, depth = 4): T {
  if (typeof fields !== 'object' || fields === null) return fields;
  const key = builtResources.get(fields);
  if (key !== undefined) return `[resource ${key}]` as T;
  if (depth === 0 || !(Array.isArray(fields) || Object.getPrototypeOf(fields) === Object.prototype || Object.getPrototypeOf(fields) === null)) return fields;
  let copy: Record<string, unknown> | unknown[] | undefined;
  for (const [k, v] of Object.entries(fields)) {
    const hidden = hideResources(v, depth - 1);
    if (hidden !== v) {
      copy ??= Array.isArray(fields) ? [...fields] : { ...(fields as Record<string, unknown>) };
      (copy as Record<string, unknown>)[k] = hidden;
    }
  }
  return (copy ?? fields) as T;
}
