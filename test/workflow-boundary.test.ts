/**
 * The determinism boundary: code under workflows/ runs in Temporal's sandbox and must not
 * reach Node built-ins, nodejs-polars or user code. Checked twice: statically (every import
 * of every workflows/ file) and by bundling the workflows with the SDK's bundler, which
 * refuses Node built-ins.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const WORKFLOWS = path.join(__dirname, '..', 'workflows');
const ALLOWED_PACKAGES = new Set(['@temporalio/workflow', '@temporalio/common']);
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Every value (non-type) import of a workflows/ file that leaves the allowed set. */
export function boundaryViolations(dir = WORKFLOWS): string[] {
  const violations: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const typeOnly = Boolean(match[2]);
      const spec = match[3] ?? match[4] ?? match[5];
      if (typeOnly) continue;
      const builtin = spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);
      const relativeInside = spec.startsWith('./');
      const allowedPackage = [...ALLOWED_PACKAGES].some((p) => spec === p || spec.startsWith(`${p}/`));
      if (builtin || (!relativeInside && !allowedPackage)) violations.push(`${file}: imports '${spec}'${builtin ? ' (a Node built-in)' : ''}`);
    }
  }
  return violations;
}

describe('determinism boundary', () => {
  test('workflows/ imports only @temporalio/workflow, @temporalio/common, its own files, and types', () => {
    expect(boundaryViolations()).toEqual([]);
  });

  test('the check catches a workflow reaching polars, fs or user code', () => {
    const dir = fs.mkdtempSync(path.join(process.env.ASSETFLOW_TEST_DIR ?? '/tmp', 'bad-workflows-'));
    fs.writeFileSync(path.join(dir, 'bad.ts'), [
      "import pl from 'nodejs-polars';",
      "import fs from 'node:fs';",
      "import { readFileSync } from 'fs';",
      "import { rawSales } from '../examples/sales/assets';",
      "import type { RunPlan } from '../assets/plan';",
      "import { proxyActivities } from '@temporalio/workflow';",
    ].join('\n'));
    expect(boundaryViolations(dir)).toEqual([
      "bad.ts: imports 'nodejs-polars'",
      "bad.ts: imports 'node:fs' (a Node built-in)",
      "bad.ts: imports 'fs' (a Node built-in)",
      "bad.ts: imports '../examples/sales/assets'",
    ]);
  });

  test('the workflows bundle with the SDK bundler, with no module ignored', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
    expect(code).toContain('assetflowRun');
    expect(code).not.toContain('nodejs-polars');
  });
});
