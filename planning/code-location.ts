import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A code location's task queue and where its name came from. Every project (every Definitions
 * module) polls and starts work on its own task queue, so a worker only ever receives steps,
 * sensors and scheduled runs of the Definitions it holds.
 */
export interface CodeLocation {
  taskQueue: string;
  /** Where the name comes from, for the line a command prints at start. */
  origin: string;
}

/** The prefix of every derived task queue name. */
export const TASK_QUEUE_PREFIX = 'assetflow-';

/**
 * The task queue of the Definitions defined in `modulePath` (the file that called
 * `new Definitions(...)`), in this order:
 *
 * 1. `ASSETFLOW_TASK_QUEUE` when set (an override for deployments and tests);
 * 2. the `taskQueue` given to `new Definitions({ taskQueue })`;
 * 3. `assetflow-<name>` from the `name` of the nearest package.json above the module — with
 *    `/<module path in the package>` appended when that package.json names another module as
 *    its `assetflow.definitions`, so two Definitions modules of one package never share a queue;
 * 4. without a package.json: `assetflow-<folder>-<hash of the module's path>`.
 *
 * Without a module path (Definitions built in a REPL) the current folder stands in for it.
 *
 * @example
 * ```ts
 * // /home/ana/sales/package.json: { "name": "@acme/sales", "assetflow": { "definitions": "src/definitions.ts" } }
 * resolveCodeLocation({ modulePath: '/home/ana/sales/src/definitions.ts' }).taskQueue; // 'assetflow-acme-sales'
 * resolveCodeLocation({ modulePath: '/home/ana/sales/src/staging.ts' }).taskQueue;     // 'assetflow-acme-sales/src/staging'
 * ```
 */
export function resolveCodeLocation(options: { modulePath?: string; taskQueue?: string; env?: NodeJS.ProcessEnv; cwd?: string }): CodeLocation {
  const env = options.env ?? process.env;
  if (env.ASSETFLOW_TASK_QUEUE) return { taskQueue: env.ASSETFLOW_TASK_QUEUE, origin: 'ASSETFLOW_TASK_QUEUE' };
  if (options.taskQueue) return { taskQueue: options.taskQueue, origin: 'new Definitions({ taskQueue })' };
  return derivedCodeLocation(options.modulePath, options.cwd ?? process.cwd());
}

const derived = new Map<string, CodeLocation>();

/** Steps 3 and 4 of {@link resolveCodeLocation}, cached per module (package.json files are read once). */
function derivedCodeLocation(modulePath: string | undefined, cwd: string): CodeLocation {
  const key = modulePath ?? `cwd:${cwd}`;
  let found = derived.get(key);
  if (!found) {
    found = deriveCodeLocation(modulePath, cwd);
    derived.set(key, found);
  }
  return found;
}

function deriveCodeLocation(modulePath: string | undefined, cwd: string): CodeLocation {
  const file = modulePath ? path.resolve(modulePath) : undefined;
  const start = file ? path.dirname(file) : path.resolve(cwd);
  const pkg = nearestPackageJson(start);
  if (pkg?.name) {
    const base = `${TASK_QUEUE_PREFIX}${packageNamePart(pkg.name)}`;
    const relative = file ? withoutExtension(path.relative(pkg.dir, file)).split(path.sep).join('/') : undefined;
    const declared = pkg.definitions ? withoutExtension(path.normalize(pkg.definitions)).split(path.sep).join('/') : undefined;
    if (relative !== undefined && declared !== undefined && relative !== declared) {
      return { taskQueue: `${base}/${relative}`, origin: `package.json name '${pkg.name}' and the module ${relative} (package.json's "assetflow.definitions" is ${pkg.definitions})` };
    }
    return { taskQueue: base, origin: `package.json name '${pkg.name}' (${path.join(pkg.dir, 'package.json')})` };
  }
  const where = file ?? start;
  const hash = createHash('sha256').update(where).digest('hex').slice(0, 8);
  const folder = path.basename(file ? path.dirname(file) : start).replace(/[^A-Za-z0-9._-]+/g, '-') || 'root';
  return { taskQueue: `${TASK_QUEUE_PREFIX}${folder}-${hash}`, origin: `the path ${where} (no package.json with a name above it)` };
}

/** `@acme/sales` → `acme-sales`: npm names are already URL-safe; the scope's `@` and `/` go. */
export function packageNamePart(name: string): string {
  return name.replace(/^@/, '').replace(/\//g, '-');
}

function withoutExtension(file: string): string {
  return file.replace(/\.(?:[cm]?[jt]sx?)$/, '');
}

interface PackageInfo {
  dir: string;
  name?: string;
  definitions?: string;
}

function nearestPackageJson(from: string): PackageInfo | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; assetflow?: { definitions?: unknown } };
        return {
          dir,
          ...(typeof pkg.name === 'string' && pkg.name ? { name: pkg.name } : {}),
          ...(typeof pkg.assetflow?.definitions === 'string' ? { definitions: pkg.assetflow.definitions } : {}),
        };
      } catch {
        return { dir };
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The file of the code that called into `skipFiles` (the module that ran `new Definitions(...)`):
 * the first stack frame outside them (and this file), read through V8's structured stack trace.
 */
export function callerFile(skipFiles: readonly string[]): string | undefined {
  const original = Error.prepareStackTrace;
  const originalLimit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    Error.stackTraceLimit = 30;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder);
    const frames = holder.stack as NodeJS.CallSite[] | undefined;
    for (const frame of frames ?? []) {
      const name = frame.getFileName();
      if (!name || name.startsWith('node:') || name.startsWith('internal/')) continue;
      const file = name.startsWith('file://') ? fileURLToPath(name) : name;
      if (!path.isAbsolute(file) || file === __filename || skipFiles.includes(file)) continue;
      return file;
    }
    return undefined;
  } finally {
    Error.prepareStackTrace = original;
    Error.stackTraceLimit = originalLimit;
  }
}
