import { AssetflowError } from '../errors/assetflow-error';
import type { Definitions } from '../planning/definitions';

/**
 * A worker cannot tell which module exports its Definitions, so its step threads cannot load
 * them: says what to pass.
 */
export class DefinitionsModuleError extends AssetflowError {
  constructor() {
    super(
      "createWorker cannot tell which module exports these Definitions (its step threads load them by path): pass `definitionsModule: require.resolve('./definitions')` (the module that exports them), or `stepThreads: false` to run steps on the worker's own thread (then a blocking compute delays heartbeats and cancellation)",
      { code: 'DEFINITIONS_MODULE_UNKNOWN', retryable: false },
    );
    this.name = 'DefinitionsModuleError';
  }
}

/**
 * The file of a loaded module that exports this very Definitions value (as its default export,
 * `definitions`, `defs`, or any other export), found in the module cache: the module
 * `assetflow worker --defs` loaded, or the one the application imported. Works under tsx, the
 * compiled package and jest (whose module registry backs `require.cache`). Modules under
 * node_modules are looked at last.
 */
export function findDefinitionsModule(definitions: Definitions, cache: NodeJS.Dict<NodeModule> = require.cache): string | undefined {
  const files = Object.keys(cache).sort((a, b) => Number(a.includes('node_modules')) - Number(b.includes('node_modules')));
  for (const file of files) {
    const exported: unknown = cache[file]?.exports;
    if (exported === definitions) return file;
    if (typeof exported !== 'object' || exported === null) continue;
    try {
      if (Object.values(exported).includes(definitions)) return file;
    } catch {
      // an exotic exports object (a proxy that throws): not this one
    }
  }
  return undefined;
}
