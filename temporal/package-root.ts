import fs from 'node:fs';
import path from 'node:path';

/** What assetflow reads from its own package.json. */
export interface AssetflowPackageJson {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * The folder of the assetflow package: the repo when running from source, `node_modules/assetflow`
 * when installed. The same file sits at `temporal/` in the sources and at `dist/temporal/` in the
 * package, so the root is found by walking up to the first package.json named `assetflow`, not by
 * a fixed `..`.
 *
 * @example
 * ```ts
 * path.join(packageRoot(), '.tools', 'temporal', 'bin') // where `npm install` put the Temporal CLI
 * ```
 */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'assetflow') return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json named assetflow above ${from}: assetflow's files are not where it was installed.`);
  }
}

/** assetflow's own package.json (its version and pinned dependency versions). */
export function assetflowPackageJson(): AssetflowPackageJson {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as AssetflowPackageJson;
}
