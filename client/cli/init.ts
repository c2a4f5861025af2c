/** `assetflow init <dir>`: scaffold a project of one's own (Dagster's `dagster project scaffold`). */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { assetflowPackageJson } from '../../temporal/package-root';

/** What {@link scaffoldProject} writes into. */
export interface ScaffoldOptions {
  /** The new project's folder: created, or empty. */
  dir: string;
  /** The `assetflow` dependency written to package.json. Default: the version scaffolding. */
  assetflowSpec?: string;
}

/** Adds `init <dir>`. */
export function addInitCommand(program: Command): void {
  program
    .command('init')
    .description('Scaffold a project in a new (or empty) folder: Definitions with two assets, a test, scripts dev and test')
    .argument('<dir>', 'the folder to create; its name becomes the package name')
    .option('--assetflow <spec>', 'the assetflow dependency to write (a version, a tarball, a folder); default: this assetflow\'s version')
    .action((dir: string, options: { assetflow?: string }) => {
      const { name, files } = scaffoldProject({ dir, assetflowSpec: options.assetflow });
      const shown = path.relative(process.cwd(), path.resolve(dir)) || '.';
      console.log(`Created ${name} in ${shown}: ${files.join(', ')}\n\nNext:\n  cd ${shown}\n  npm install\n  npm test          # type-check and test the assets, no server needed\n  npm run dev       # the Temporal dev server, Temporal Web and a worker\n  npx assetflow materialize --select '*'`);
    });
}

/**
 * Writes a new project into `dir`: package.json (depending on this assetflow and the nodejs-polars
 * and zod versions it is built with), a strict tsconfig.json, src/assets.ts with two assets,
 * src/definitions.ts, a test with assetflow/testing, .gitignore and a README. Refuses a
 * non-empty folder. Returns the package name and the files written (relative to `dir`).
 *
 * @example
 * ```ts
 * scaffoldProject({ dir: 'my-project' }); // then: cd my-project && npm install && npm test
 * ```
 */
export function scaffoldProject(options: ScaffoldOptions): { name: string; files: string[] } {
  const dir = path.resolve(options.dir);
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${options.dir} exists and is not a folder: give \`assetflow init\` a new folder.`);
    const entries = fs.readdirSync(dir);
    if (entries.length > 0) {
      throw new Error(`${options.dir} is not empty (it has ${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}): \`assetflow init\` writes a new project only into a new or empty folder.`);
    }
  }
  const name = packageName(path.basename(dir));
  const files = projectFiles(name, options.assetflowSpec);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return { name, files: Object.keys(files) };
}

/** A valid npm package name from a folder name: lower case, URL-safe characters only. */
export function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+|-+$/g, '').slice(0, 214);
  if (!name) throw new Error(`Cannot make a package name from the folder name '${folder}': name the folder with letters or digits.`);
  return name;
}

function projectFiles(name: string, assetflowSpec: string | undefined): Record<string, string> {
  const self = assetflowPackageJson();
  const pinned = (dep: string) => {
    const version = self.dependencies[dep] ?? self.devDependencies?.[dep];
    if (!version) throw new Error(`assetflow's package.json does not pin ${dep}: reinstall assetflow.`);
    return version;
  };
  const packageJson = {
    name,
    version: '0.1.0',
    private: true,
    scripts: {
      dev: 'assetflow dev',
      materialize: "assetflow materialize --select '*'",
      typecheck: 'tsc --noEmit',
      test: 'tsc --noEmit && tsx --test test/*.test.ts',
    },
    assetflow: { definitions: 'src/definitions.ts' },
    dependencies: { assetflow: assetflowSpec ?? self.version, 'nodejs-polars': pinned('nodejs-polars'), zod: pinned('zod') },
    devDependencies: { '@types/node': pinned('@types/node'), tsx: pinned('tsx'), typescript: pinned('typescript') },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
    },
    include: ['src', 'test'],
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'src/assets.ts': ASSETS,
    'src/definitions.ts': DEFINITIONS,
    'test/assets.test.ts': TEST,
    '.gitignore': 'node_modules/\n.assetflow/\n',
    'README.md': readme(name),
  };
}

const ASSETS = `import pl from 'nodejs-polars';
import { z } from 'zod';
import { asset } from 'assetflow';

/** The numbers 1 to \`count\` and their squares. */
export const numbers = asset({
  key: 'numbers',
  description: 'The numbers 1 to count, with their squares.',
  config: z.object({ count: z.number().int().positive().default(10) }),
  compute: ({ config }) =>
    pl.DataFrame({ n: Array.from({ length: config.count }, (_, i) => i + 1) }).withColumns(pl.col('n').mul(pl.col('n')).alias('square')),
});

/** The rows of \`numbers\` whose number is even. */
export const evenSquares = asset({
  key: 'even_squares',
  description: 'The squares of the even numbers.',
  ins: { numbers },
  compute: ({ numbers }) => numbers.filter(pl.col('n').modulo(2).eq(0)),
});
`;

const DEFINITIONS = `import { Definitions } from 'assetflow';
import { evenSquares, numbers } from './assets';

/** What \`assetflow dev\`, \`assetflow materialize\` and the worker load (package.json "assetflow.definitions"). */
export default new Definitions({ assets: [numbers, evenSquares] });
`;

const TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import pl from 'nodejs-polars';
import { invokeAsset, materializeToMemory } from 'assetflow/testing';
import { evenSquares, numbers } from '../src/assets';

test('even_squares keeps the even numbers of a given frame', async () => {
  const frame = pl.DataFrame({ n: [1, 2, 3, 4], square: [1, 4, 9, 16] });
  const even = await invokeAsset(evenSquares, { inputs: { numbers: frame } });
  assert.deepEqual(even.getColumn('square').toArray(), [4, 16]);
});

test('numbers and even_squares materialize together, with run config', async () => {
  const result = await materializeToMemory([numbers, evenSquares], { runConfig: { ops: { numbers: { config: { count: 6 } } } } });
  assert.equal(result.success, true);
  const even = result.outputFor('even_squares') as pl.DataFrame;
  assert.deepEqual(even.getColumn('n').toArray(), [2, 4, 6]);
});
`;

const readme = (name: string) => `# ${name}

An [assetflow](https://www.npmjs.com/package/assetflow) project: assets in \`src/assets.ts\`, their
Definitions in \`src/definitions.ts\`, tests in \`test/\`.

\`\`\`sh
npm install
npm test                                # type-check, then test the assets in-process (assetflow/testing)
npm run dev                             # Temporal dev server + Temporal Web + a worker for the Definitions
npx assetflow materialize --select '*'  # materialize every asset on the dev server
\`\`\`
`;
