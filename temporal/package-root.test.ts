import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assetflowPackageJson, packageRoot } from './package-root';

test('the package root is the repo from the sources', () => {
  expect(packageRoot()).toBe(path.join(__dirname, '..'));
  expect(assetflowPackageJson().name).toBe('assetflow');
});

test('from a compiled copy (dist/temporal/) the root is the folder of the package.json named assetflow, past any other', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-root-'));
  try {
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'assetflow', version: '1.2.3' }));
    fs.mkdirSync(path.join(root, 'dist', 'temporal'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', 'package.json'), JSON.stringify({ name: 'something-else' }));
    expect(packageRoot(path.join(root, 'dist', 'temporal'))).toBe(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('with no assetflow package.json above, the error says so', () => {
  expect(() => packageRoot(os.tmpdir())).toThrow(/No package.json named assetflow above/);
});
