import type { DataFrame, LazyDataFrame } from 'nodejs-polars';

/** polars' classes are not `instanceof`-checkable; their string tag is stable. */
export function isDataFrame(value: unknown): value is DataFrame {
  return Object.prototype.toString.call(value) === '[object DataFrame]';
}

export function isLazyFrame(value: unknown): value is LazyDataFrame {
  return Object.prototype.toString.call(value) === '[object LazyDataFrame]';
}

/** A short human description of a value's type: "a Map", "undefined", "a function", "a DataFrame". */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (isDataFrame(value)) return 'a polars DataFrame';
  if (isLazyFrame(value)) return 'a polars LazyDataFrame';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  if (type === 'function') return 'a function';
  if (type === 'bigint') return 'a bigint';
  if (type === 'symbol') return 'a symbol';
  if (type !== 'object') return `a ${type}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * Where `value` stops being plain JSON (so JSON.stringify would drop or mangle it), as a
 * path like `$.rows[3].when`, with what was found there; undefined when it is plain JSON.
 */
export function findNonJson(value: unknown, path = '$', seen = new Set<object>()): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (typeof value !== 'object') return `${path} is ${describeType(value)}`;
  if (seen.has(value)) return `${path} is a circular reference`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const bad = findNonJson(value[i], `${path}[${i}]`, seen);
        if (bad) return bad;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${path} is ${describeType(value)}`;
    for (const [k, v] of Object.entries(value)) {
      const bad = findNonJson(v, `${path}.${k}`, seen);
      if (bad) return bad;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}
