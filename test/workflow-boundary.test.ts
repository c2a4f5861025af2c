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
import { moduleImports, tsFilesUnder, WORKFLOWS_DIR, workflowSourceFiles } from '../temporal/workflow-sources';

const ALLOWED_PACKAGES = new Set(['@temporalio/workflow', '@temporalio/common']);
/** The contract room: wire types, signals, queries and id builders shared with the client, pure by rule. */
const CONTRACT_DIR = path.join(__dirname, '..', 'contract');

/** Why a value import of a workflow-side file leaves the sandbox, or undefined when it may. */
function violation(specifier: string, insideDir: string | undefined, file: string): string | undefined {
  const builtin = specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
  if (builtin) return `imports '${specifier}' (a Node built-in)`;
  if (specifier.startsWith('.')) {
    // Inside the scanned folder (any depth) or the contract room; the walk below checks what those reach in turn.
    if (insideDir === undefined) return undefined;
    const target = path.resolve(path.dirname(file), specifier);
    return [insideDir, CONTRACT_DIR].some((d) => target.startsWith(d + path.sep)) ? undefined : `imports '${specifier}'`;
  }
  return [...ALLOWED_PACKAGES].some((p) => specifier === p || specifier.startsWith(`${p}/`)) ? undefined : `imports '${specifier}'`;
}

/** Every value (non-type) import of a file under `dir` (subfolders too) that leaves the allowed set. */
export function boundaryViolations(dir = WORKFLOWS_DIR): string[] {
  const violations: string[] = [];
  for (const file of tsFilesUnder(dir)) {
    for (const { specifier, typeOnly } of moduleImports(fs.readFileSync(file, 'utf8'))) {
      if (typeOnly) continue;
      const problem = violation(specifier, dir, file);
      if (problem) violations.push(`${path.relative(dir, file)}: ${problem}`);
    }
  }
  return violations;
}

/** Problems of the modules the workflow bundle reaches outside workflows/ (the contract room, pure helpers). */
function reachedModuleViolations(): string[] {
  const root = path.join(__dirname, '..');
  return workflowSourceFiles().flatMap((file) =>
    moduleImports(fs.readFileSync(file, 'utf8'))
      .filter((i) => !i.typeOnly)
      .map((i) => violation(i.specifier, undefined, file))
      .filter((p): p is string => p !== undefined)
      .map((p) => `${path.relative(root, file)}: ${p}`),
  );
}

describe('determinism boundary', () => {
  test('workflows/ imports only @temporalio/workflow, @temporalio/common, its own files, and types', () => {
    expect(boundaryViolations()).toEqual([]);
  });

  test('every module the workflow bundle reaches is pure: no Node built-ins, no package but the SDK', () => {
    const reached = workflowSourceFiles().map((f) => path.relative(path.join(__dirname, '..'), f));
    expect(reached).toEqual(expect.arrayContaining(['workflows/index.ts', 'workflows/run-workflow.ts', 'contract/run.ts']));
    expect(reachedModuleViolations()).toEqual([]);
  });

  test('the check catches a workflow reaching polars, fs or user code', () => {
    const dir = fs.mkdtempSync(path.join(process.env.ASSETFLOW_TEST_DIR ?? '/tmp', 'bad-workflows-'));
    fs.writeFileSync(path.join(dir, 'bad.ts'), [
      "import pl from 'nodejs-polars';",
      "import fs from 'node:fs';",
      "import { readFileSync } from 'fs';",
      "import { rawSales } from '../examples/sales/assets';",
      "import type { RunPlan } from '../contract/run';",
      "import { proxyActivities } from '@temporalio/workflow';",
    ].join('\n'));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'nested', 'deeper.ts'), "import path from 'path';\nimport { helper } from '../../planning/graph';\n");
    expect(boundaryViolations(dir)).toEqual([
      "bad.ts: imports 'nodejs-polars'",
      "bad.ts: imports 'node:fs' (a Node built-in)",
      "bad.ts: imports 'fs' (a Node built-in)",
      "bad.ts: imports '../examples/sales/assets'",
      "nested/deeper.ts: imports 'path' (a Node built-in)",
      "nested/deeper.ts: imports '../../planning/graph'",
    ]);
  });

  test('the workflows bundle with the SDK bundler, with no module ignored', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
    expect(code).toContain('assetflowRun');
    expect(code).not.toContain('nodejs-polars');
  });
});
