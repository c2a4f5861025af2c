import fs from 'node:fs';
import path from 'node:path';
import { Definitions } from '../planning/definitions';

/**
 * Where the user's Definitions module is: the given path, ASSETFLOW_DEFINITIONS, or
 * `assetflow.definitions` in the nearest package.json.
 */
export function definitionsPath(given?: string, cwd = process.cwd()): string {
  const chosen = given ?? process.env.ASSETFLOW_DEFINITIONS ?? fromPackageJson(cwd);
  if (!chosen) {
    throw new Error('No Definitions module given: pass --defs <file>, set ASSETFLOW_DEFINITIONS, or add "assetflow": { "definitions": "<file>" } to package.json.');
  }
  return path.resolve(cwd, chosen);
}

/**
 * Loads a module and returns its Definitions: the default export, an export named
 * `definitions` or `defs`, or the only Definitions value it exports.
 */
export function loadDefinitions(modulePath: string): Definitions {
  if (!fs.existsSync(modulePath)) throw new Error(`Definitions module ${modulePath} does not exist.`);
  registerTypeScript(modulePath);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as Record<string, unknown>;
  for (const name of ['default', 'definitions', 'defs']) {
    if (mod[name] instanceof Definitions) return mod[name] as Definitions;
  }
  const found = Object.values(mod).filter((v): v is Definitions => v instanceof Definitions);
  if (found.length === 1) return found[0];
  throw new Error(
    found.length === 0
      ? `${modulePath} exports no Definitions: add \`export default new Definitions({ assets: [...] })\`.`
      : `${modulePath} exports ${found.length} Definitions values: export the one to use as default.`,
  );
}

/**
 * Lets the installed (compiled) package require a TypeScript Definitions module: registers tsx's
 * CommonJS hook once, so the module and the .ts files it imports load. From the sources nothing
 * is needed (tsx or jest already runs them), nor when the process already loads .ts files.
 */
function registerTypeScript(modulePath: string): void {
  const compiled = __filename.endsWith('.js');
  if (!compiled || !/\.[cm]?tsx?$/.test(modulePath) || require.extensions['.ts']) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('tsx/cjs/api') as { register(): () => void }).register();
  } catch (err) {
    throw new Error(`${modulePath} is TypeScript and tsx (an assetflow dependency) cannot be loaded to run it: ${err instanceof Error ? err.message : String(err)}. Install it with \`npm i -D tsx\`, or point --defs at compiled JavaScript.`);
  }
}

function fromPackageJson(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { assetflow?: { definitions?: string } };
      if (pkg.assetflow?.definitions) return path.join(path.relative(cwd, dir) || '.', pkg.assetflow.definitions);
      return undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
