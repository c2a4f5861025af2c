import { AssetflowError } from '../errors/assetflow-error';
import type { PlanOutput } from '../contract/run';

/** A multi-asset's compute returned outs it did not declare (or select), or missed one. Not retried: the same code returns the same. */
export class MultiAssetOutputError extends AssetflowError {
  constructor(message: string) {
    super(message, { code: 'MULTI_ASSET_OUTPUT_INVALID', retryable: false });
    this.name = 'MultiAssetOutputError';
  }
}

/**
 * The value of each selected out in what a multi-asset's compute returned, by out name; throws
 * MultiAssetOutputError naming the outs missing and those returned but not declared (or
 * declared but not selected this run).
 *
 * @example outputValues('split_sales', [{ name: 'orders', ... }], ['orders', 'refunds'], { orders: df }) // { orders: df }
 */
export function outputValues(stepKey: string, selected: readonly PlanOutput[], declared: readonly string[], returned: unknown): Record<string, unknown> {
  const owner = `multi-asset '${stepKey}'`;
  const names = selected.map((o) => o.name);
  const shape = `{ ${names.map((n) => `${n}: ...`).join(', ')} }`;
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) {
    const got = returned === null ? 'null' : Array.isArray(returned) ? 'an array' : typeof returned;
    throw new MultiAssetOutputError(`${owner} returned ${got}: return one value per out, by out name: ${shape}`);
  }
  const keys = Object.keys(returned);
  const problems: string[] = [];
  const missing = names.filter((n) => !keys.includes(n));
  if (missing.length) problems.push(`missed ${missing.map((n) => `'${n}'`).join(', ')}`);
  const undeclared = keys.filter((k) => !declared.includes(k));
  if (undeclared.length) problems.push(`returned ${undeclared.map((n) => `'${n}'`).join(', ')}, which it does not declare (its outs: ${declared.join(', ')})`);
  const unselected = keys.filter((k) => declared.includes(k) && !names.includes(k));
  if (unselected.length) problems.push(`returned ${unselected.map((n) => `'${n}'`).join(', ')}, which this run did not select (context.selectedOutputs: ${names.join(', ')})`);
  if (problems.length) throw new MultiAssetOutputError(`${owner} ${problems.join('; ')}: return exactly ${shape}`);
  return Object.fromEntries(names.map((n) => [n, (returned as Record<string, unknown>)[n]]));
}
