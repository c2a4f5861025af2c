import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const WORKFLOWS_DIR = path.join(__dirname, 'workflows');

/**
 * The workflow bundle, built once and cached on disk by a hash of workflows/ (and the files
 * they import), so workers and tests start in a second instead of re-running webpack.
 * The bundle never includes user code or native modules: a workflow reaching them fails here.
 */
export async function workflowBundlePath(cacheDir = path.resolve('.assetflow', 'cache')): Promise<string> {
  const hash = sourceHash();
  const file = path.join(cacheDir, `workflow-bundle-${hash}.js`);
  if (fs.existsSync(file)) return file;
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quietLogger });
  fs.mkdirSync(cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, code);
  fs.renameSync(temp, file);
  return file;
}

function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [...fs.readdirSync(WORKFLOWS_DIR).map((f) => path.join(WORKFLOWS_DIR, f)), path.join(__dirname, 'assets', 'plan.ts')];
  for (const file of files.filter((f) => f.endsWith('.ts')).sort()) hash.update(file).update(fs.readFileSync(file));
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
