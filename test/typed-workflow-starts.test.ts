/**
 * Workflows are started with the workflow function (`client.workflow.start(assetflowRun, ...)`,
 * `startChild(assetflowRun, ...)`, a schedule action's `workflowType: assetflowRun`), never by a
 * string name: the function types the arguments, and a rename fails the compiler instead of a
 * run. Scans every source file of every room (tests, node_modules and .tools left out; the bench too is held to it).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const SKIPPED_DIRS = new Set(['node_modules', '.tools', '.assetflow', '.git', '.venv', '.data']);

/** A start by string name: `.start('x'`, `startChild("x"`, `signalWithStart(`x``, `workflowType: 'x'`. */
const STRING_START = /(?:\.(?:start|execute|signalWithStart)|\b(?:startChild|executeChild))\(\s*['"`]|\bworkflowType:\s*['"`]/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** `file:line: text` for each string-named start in a source. */
export function stringStarts(file: string, source: string): string[] {
  return [...source.matchAll(STRING_START)].map((m) => {
    const line = source.slice(0, m.index).split('\n').length;
    return `${path.relative(ROOT, file)}:${line}: ${source.split('\n')[line - 1].trim()}`;
  });
}

test('the scan sees what it looks for', () => {
  const seen = (code: string) => stringStarts(path.join(ROOT, 'x.ts'), code);
  expect(seen("await client.workflow.start('assetflowRun', { args })")).toHaveLength(1);
  expect(seen('startChild("assetflowRun", {})')).toHaveLength(1);
  expect(seen("client.workflow.signalWithStart(`assetflowSensor`, {})")).toHaveLength(1);
  expect(seen("action: { type: 'startWorkflow', workflowType: 'assetflowRun' }")).toEqual(["x.ts:1: action: { type: 'startWorkflow', workflowType: 'assetflowRun' }"]);
  expect(seen('client.workflow.start(assetflowRun, { args }); startChild(assetflowRun, {}); ({ workflowType: assetflowRun })')).toEqual([]);
});

test('no source starts a workflow by a string name', () => {
  const files = sourceFiles(ROOT);
  expect(files).toContain(path.join(ROOT, 'client', 'runs.ts'));
  expect(files.flatMap((file) => stringStarts(file, fs.readFileSync(file, 'utf8')))).toEqual([]);
});
