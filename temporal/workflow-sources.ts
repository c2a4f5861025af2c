import fs from 'node:fs';
import path from 'node:path';

/** The folder of the workflows a worker registers (its index module is the bundle's entry). */
export const WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows');

/**
 * The extension of the modules running now: `.ts` from the sources (tsx, jest), `.js` in the
 * installed package, whose workflows are bundled from the compiled dist/workflows/.
 */
export const MODULE_EXT = path.extname(__filename);

/** One import or re-export of a module, as written. */
export interface ModuleImport {
  specifier: string;
  /** `import type` / `export type`: erased by the compiler, never bundled. */
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Every import of a TypeScript source (static, side-effect, require and dynamic). */
export function moduleImports(source: string): ModuleImport[] {
  return [...source.matchAll(IMPORT)].map((m) => ({ specifier: m[3] ?? m[4] ?? m[5] ?? m[6], typeOnly: Boolean(m[2]) }));
}

/** The file a relative specifier names (`./x` → `x.ts` or `x/index.ts`; `.js` when compiled), or undefined. */
export function resolveRelative(fromFile: string, specifier: string, ext = MODULE_EXT): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}${ext}`, path.join(base, `index${ext}`)]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * The source files the workflow bundle is made of: the workflows entry and every file it
 * reaches through value imports (type-only imports are erased, so they are not followed),
 * sorted. Recursive: a workflow in a subfolder, or a pure helper it imports, is included.
 */
export function workflowSourceFiles(entry = path.join(WORKFLOWS_DIR, `index${MODULE_EXT}`)): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { specifier, typeOnly } of moduleImports(fs.readFileSync(file, 'utf8'))) {
      if (typeOnly || !specifier.startsWith('.')) continue;
      const target = resolveRelative(file, specifier);
      if (target) visit(target);
    }
  };
  visit(entry);
  return [...seen].sort();
}

/** Every .ts file under a folder, subfolders included (tests left out). */
export function tsFilesUnder(dir: string): string[] {
  return moduleFilesUnder(dir, '.ts');
}

/** Every module under a folder with the given extension (the running one by default), subfolders included; tests and .d.ts files left out. */
export function moduleFilesUnder(dir: string, ext = MODULE_EXT): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`) && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}
