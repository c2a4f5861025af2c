import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asset } from '../assets/asset';
import { DefinitionError } from '../errors/errors';
import { resolveCodeLocation } from './code-location';
import { Definitions } from './definitions';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'code-location-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A folder with a package.json (or none) and a module path in it. */
function project(name: string, pkg: object | undefined, module = 'definitions.ts'): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, path.dirname(module)), { recursive: true });
  if (pkg) fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  return path.join(dir, module);
}

const noEnv = {};

test('the default task queue is the package name of the Definitions module', () => {
  const modulePath = project('sales', { name: 'sales-pipeline' }, 'src/definitions.ts');
  expect(resolveCodeLocation({ modulePath, env: noEnv })).toEqual({ taskQueue: 'assetflow-sales-pipeline', origin: expect.stringContaining("package.json name 'sales-pipeline'") });
});

test('a scoped package name loses its @ and /', () => {
  expect(resolveCodeLocation({ modulePath: project('scoped', { name: '@acme/sales' }), env: noEnv }).taskQueue).toBe('assetflow-acme-sales');
});

test('two projects with different package names get different queues', () => {
  const a = resolveCodeLocation({ modulePath: project('a', { name: 'project-a' }), env: noEnv });
  const b = resolveCodeLocation({ modulePath: project('b', { name: 'project-b' }), env: noEnv });
  expect([a.taskQueue, b.taskQueue]).toEqual(['assetflow-project-a', 'assetflow-project-b']);
});

test("a module other than the package's declared assetflow.definitions gets its path appended", () => {
  const pkg = { name: 'mono', assetflow: { definitions: './src/definitions.ts' } };
  const declared = project('mono', pkg, 'src/definitions.ts');
  const other = project('mono', pkg, 'src/staging/definitions.ts');
  expect(resolveCodeLocation({ modulePath: declared, env: noEnv }).taskQueue).toBe('assetflow-mono');
  expect(resolveCodeLocation({ modulePath: other, env: noEnv }).taskQueue).toBe('assetflow-mono/src/staging/definitions');
});

test('without a named package.json: the folder and a hash of the module path', () => {
  const first = resolveCodeLocation({ modulePath: project('loose', undefined, 'one/definitions.ts'), env: noEnv });
  const second = resolveCodeLocation({ modulePath: project('loose', undefined, 'two/definitions.ts'), env: noEnv });
  expect(first.taskQueue).toMatch(/^assetflow-one-[0-9a-f]{8}$/);
  expect(second.taskQueue).toMatch(/^assetflow-two-[0-9a-f]{8}$/);
  // The same path gives the same name, in any process.
  expect(resolveCodeLocation({ modulePath: project('loose', undefined, 'one/definitions.ts'), env: noEnv })).toEqual(first);
});

test('ASSETFLOW_TASK_QUEUE overrides; Definitions({ taskQueue }) comes next', () => {
  const modulePath = project('override', { name: 'override' });
  expect(resolveCodeLocation({ modulePath, taskQueue: 'mine', env: { ASSETFLOW_TASK_QUEUE: 'ops' } })).toEqual({ taskQueue: 'ops', origin: 'ASSETFLOW_TASK_QUEUE' });
  expect(resolveCodeLocation({ modulePath, taskQueue: 'mine', env: noEnv })).toEqual({ taskQueue: 'mine', origin: 'new Definitions({ taskQueue })' });
});

describe('Definitions', () => {
  const saved = process.env.ASSETFLOW_TASK_QUEUE;
  beforeEach(() => delete process.env.ASSETFLOW_TASK_QUEUE);
  afterAll(() => {
    if (saved !== undefined) process.env.ASSETFLOW_TASK_QUEUE = saved;
  });
  const one = asset({ key: 'one', compute: () => 1 });

  test('know the module that built them, and name their task queue after its package', () => {
    const definitions = new Definitions({ assets: [one] });
    expect(definitions.modulePath).toBe(__filename);
    // This repository's package.json is named assetflow and declares examples/sales/definitions.ts.
    expect(definitions.taskQueue).toBe('assetflow-assetflow/planning/code-location.test');
  });

  test('take an explicit task queue, which ASSETFLOW_TASK_QUEUE still overrides', () => {
    const definitions = new Definitions({ assets: [one], taskQueue: 'sales' });
    expect(definitions.taskQueue).toBe('sales');
    process.env.ASSETFLOW_TASK_QUEUE = 'staging-sales';
    expect(definitions.taskQueue).toBe('staging-sales');
  });

  test('refuse a task queue Temporal would not take', () => {
    expect(() => new Definitions({ assets: [one], taskQueue: 'two words' })).toThrow(DefinitionError);
    expect(() => new Definitions({ assets: [one], taskQueue: '' })).toThrow(/Definitions\(\{ taskQueue \}\) must be a name of 1 to 200 characters without spaces/);
  });
});
