/**
 * The determinism boundary as a lint rule (eslint.config.js): a value import of a Node built-in
 * or of any package but @temporalio/workflow and @temporalio/common, from a file under
 * workflows/ or contract/, is an ESLint error; `import type` from anywhere is not.
 */
import path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.join(__dirname, '..');
const RULE = '@typescript-eslint/no-restricted-imports';

/** ESLint with the project's own config. */
function eslint(): ESLint {
  // The config is passed in rather than found on disk: ESLint loads config files with a dynamic
  // import(), which jest's module sandbox does not allow.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config without type declarations
  return new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: require('../eslint.config.js') });
}

/** The specifiers the boundary rule reports for `source` linted as if it were the file at `filePath`. */
async function restricted(source: string, filePath: string): Promise<string[]> {
  const [result] = await eslint().lintText(source, { filePath: path.join(ROOT, filePath) });
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => source.split('\n')[m.line - 1]);
}

const BAD = [
  "import pl from 'nodejs-polars';",
  "import fs from 'node:fs';",
  "import { readFileSync } from 'fs';",
  "import { join } from 'path/posix';",
  "import { Pool } from 'pg';",
  "import { z } from 'zod';",
  "export { DataFrame } from 'nodejs-polars';",
];

const GOOD = [
  "import { proxyActivities } from '@temporalio/workflow';",
  "import { ApplicationFailure } from '@temporalio/common';",
  "import type { DataFrame } from 'nodejs-polars';",
  "import type { Stats } from 'node:fs';",
  "import { type Pool } from 'pg';",
  "import type { AssetflowActivities } from '../activities';",
  "import type { Metadata } from '../execution/metadata';",
];

describe('lint: the determinism boundary', () => {
  test.each(['workflows/bad.ts', 'contract/bad.ts', 'workflows/nested/bad.ts'])('%s may not import Node built-ins or packages but the SDK', async (file) => {
    expect(await restricted([...BAD, ...GOOD].join('\n'), file)).toEqual(BAD);
  });

  test('a workflow may import its own files and contract/, not another room', async () => {
    const source = ["import { runProgressQuery } from '../contract/run';", "import { summarize } from './step-table';", "import { topoSort } from '../planning/graph';"].join('\n');
    expect(await restricted(source, 'workflows/bad.ts')).toEqual(["import { topoSort } from '../planning/graph';"]);
    expect(await restricted("import { topoSort } from '../planning/graph';", 'contract/bad.ts')).toEqual(["import { topoSort } from '../planning/graph';"]);
  });

  test('outside the sandbox anything goes', async () => {
    expect(await restricted(BAD.join('\n'), 'activities/fine.ts')).toEqual([]);
  });
});
