import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assetflowPackageJson } from '../../temporal/package-root';
import { packageName, scaffoldProject } from './init';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-init-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('package names come from the folder name, made valid for npm', () => {
  expect(packageName('my-project')).toBe('my-project');
  expect(packageName('My Sales Pipeline')).toBe('my-sales-pipeline');
  expect(packageName('_private.thing')).toBe('private.thing');
  expect(() => packageName('***')).toThrow("Cannot make a package name from the folder name '***'");
});

test('a new folder gets the project, depending on this assetflow version and its polars and zod', () => {
  const target = path.join(dir, 'Daily Sales');
  const { name, files } = scaffoldProject({ dir: target });
  expect(name).toBe('daily-sales');
  expect(files.sort()).toEqual(['.gitignore', 'README.md', 'package.json', 'src/assets.ts', 'src/definitions.ts', 'test/assets.test.ts', 'tsconfig.json']);
  const self = assetflowPackageJson();
  const pkg = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
  expect(pkg.dependencies).toEqual({ assetflow: self.version, 'nodejs-polars': self.dependencies['nodejs-polars'], zod: self.dependencies.zod });
  expect(pkg.scripts).toMatchObject({ dev: 'assetflow dev', test: 'tsc --noEmit && tsx --test test/*.test.ts' });
  expect(JSON.parse(fs.readFileSync(path.join(target, 'tsconfig.json'), 'utf8')).compilerOptions.strict).toBe(true);
});

test('an empty folder is used, and --assetflow sets the dependency', () => {
  scaffoldProject({ dir, assetflowSpec: 'file:../assetflow-0.1.0.tgz' });
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.assetflow).toBe('file:../assetflow-0.1.0.tgz');
});

test('a folder with anything in it is refused, and left as it was', () => {
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  expect(() => scaffoldProject({ dir })).toThrow(`${dir} is not empty (it has notes.txt): \`assetflow init\` writes a new project only into a new or empty folder.`);
  expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
  const file = path.join(dir, 'notes.txt');
  expect(() => scaffoldProject({ dir: file })).toThrow(`${file} exists and is not a folder`);
});
