import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { moduleFilesUnder, WORKFLOWS_DIR, workflowSourceFiles } from './workflow-sources';


/**
 * The workflow bundle, built once and cached on disk by a hash of workflows/ (and the files
 * they import), so workers and tests start in a second instead of re-running webpack.
 * The bundle never includes user code or native modules: a workflow reaching them fails here.
 * From the sources it bundles workflows/*.ts; in the installed package, the compiled dist/workflows/*.js.
 */
export async function workflowBundlePath(cacheDir = path.resolve('.assetflow', 'cache')): Promise<string> {
  const hash = sourceHash();
  const file = path.join(cacheDir, `workflow-bundle-${hash}.js`);
  if (fs.existsSync(file)) return file;
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quietLogger });
  fs.mkdirSync(cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, code);
  fs.renameSync(temp, file);
  return file;
}

function sourceHash(): string {
  const hash = createHash('sha256');
  // Everything the bundle is built from, and every file under workflows/ (subfolders too).
  const files = new Set([...workflowSourceFiles(), ...moduleFilesUnder(WORKFLOWS_DIR)]);
  for (const file of [...files].sort()) hash.update(path.relative(WORKFLOWS_DIR, file)).update(fs.readFileSync(file));
  hash.update(require('@temporalio/workflow/package.json').version);
  return hash.digest('hex').slice(0, 16);
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn(message: string, meta?: unknown) {
    console.warn(message, meta ?? '');
  },
  error(message: string, meta?: unknown) {
    console.error(message, meta ?? '');
  },
};
