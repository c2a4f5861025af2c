import type { AnyAsset } from '../assets/asset';
import { duplicateCheckProblems, isAssetCheck, type AssetCheckDefinition } from '../assets/asset-check';
import { didYouMean } from '../errors/errors';

/**
 * The checks of a code location by asset key: those declared with each asset, then those given
 * to `Definitions({ checks })`. Problems (not a check, a check of an asset that is not in these
 * Definitions, two checks of one name on an asset) are appended to `problems`, naming them.
 */
export function collectChecks(assets: ReadonlyMap<string, AnyAsset>, list: readonly unknown[], problems: string[]): ReadonlyMap<string, readonly AssetCheckDefinition[]> {
  const all: AssetCheckDefinition[] = [...assets.values()].flatMap((a) => a.checks ?? []);
  for (const [i, c] of list.entries()) {
    if (!isAssetCheck(c)) {
      problems.push(`checks[${i}] is not an asset check built by assetCheck()`);
      continue;
    }
    if (!assets.has(c.assetKey)) {
      problems.push(`asset check '${c.name}' checks asset '${c.assetKey}', which is not in these Definitions: add it to assets.${didYouMean(c.assetKey, assets.keys())}`);
      continue;
    }
    all.push(c);
  }
  problems.push(...duplicateCheckProblems(all));
  const byAsset = new Map<string, AssetCheckDefinition[]>();
  for (const c of all) {
    const checks = byAsset.get(c.assetKey) ?? [];
    if (!checks.some((other) => other.name === c.name)) checks.push(c);
    byAsset.set(c.assetKey, checks);
  }
  return byAsset;
}
