import fs from 'node:fs';
import path from 'node:path';

/**
 * assetflow's version, from its package.json: the first one named `assetflow` above this file,
 * so it is found from the sources and from a compiled copy alike.
 */
export function assetflowVersion(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'assetflow' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
