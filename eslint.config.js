// @ts-check
/**
 * ESLint: typescript-eslint's recommended rules (syntax only, not the type-checked set, so
 * `eslint .` stays fast), and the determinism boundary as a lint rule: code under workflows/
 * and contract/ runs in Temporal's workflow sandbox, so its value imports may reach only
 * @temporalio/workflow, @temporalio/common and relative files (test/workflow-boundary.test.ts
 * checks the whole import graph behind them; this rule points at the offending line in the editor).
 */
const { builtinModules } = require('node:module');
const { defineConfig } = require('eslint/config');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

/** Packages a workflow-side file may import values from. */
const SANDBOX_PACKAGES = ['@temporalio/workflow', '@temporalio/common'];

const escapeRegex = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (names) => `(?:${names.map(escapeRegex).join('|')})(?:/|$)`;
/** A Node built-in: `node:fs`, `fs`, `fs/promises`, `path`, … (the runtime's own list). */
const BUILTIN = `^(?:node:|${anyOf(builtinModules)})`;
/** Any package specifier but the sandbox's own and the built-ins (reported by BUILTIN). */
const OTHER_PACKAGE = `^(?!\\.|node:|${anyOf(builtinModules)}|${anyOf(SANDBOX_PACKAGES)})`;

const SANDBOX = 'runs in Temporal\'s deterministic workflow sandbox';

/**
 * The rule's options for sandboxed files.
 * @param {{ leaving: string, rooms: string }} [room] the relative specifiers (a regex) that leave the
 *   files' room, and where those files may import values from; only for files at the room's top
 *   level, where `../` is known to leave it (test/workflow-boundary.test.ts checks every depth)
 */
const sandboxImports = (room) => ['error', {
  patterns: [
    {
      regex: BUILTIN,
      allowTypeImports: true,
      message: `This file ${SANDBOX}: Node built-ins are not available there. Do the work in an activity (activities/), or use \`import type\`.`,
    },
    {
      regex: OTHER_PACKAGE,
      allowTypeImports: true,
      message: `This file ${SANDBOX}: it may import values only from ${SANDBOX_PACKAGES.join(' and ')}. Do the work in an activity (activities/), or use \`import type\`.`,
    },
    ...(room ? [{
      regex: room.leaving,
      allowTypeImports: true,
      message: `This file ${SANDBOX}: it may import values only from ${room.rooms}. Use \`import type\`, or move the pure helper into contract/.`,
    }] : []),
  ],
}];

module.exports = defineConfig([
  {
    ignores: ['node_modules/', 'dist/', '.tools/', '.assetflow/', 'bench/.venv/', 'bench/.data/', 'test/histories/**/*.json'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
    rules: {
      // `{}` is the house default for "no inputs / no resources" type parameters (`Ins extends AssetIns = {}`).
      '@typescript-eslint/no-empty-object-type': ['error', { allowObjectTypes: 'always' }],
      // tsc's noUnusedLocals/noUnusedParameters agree: `_name` for a parameter a signature requires,
      // `{ dropped: _dropped, ...rest }` to leave a property out.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Reading a package.json (a package's version) needs no disable comment; any other require says why it is one.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['/package\\.json$'] }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['workflows/**/*.ts', 'contract/**/*.ts'],
    // Tests beside the code run in jest, never in the sandbox.
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': sandboxImports() },
  },
  {
    files: ['workflows/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': sandboxImports({ leaving: '^\\.\\./(?!contract/)', rooms: 'workflows/ and contract/ (pure by rule)' }) },
  },
  {
    files: ['contract/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': sandboxImports({ leaving: '^\\.\\./', rooms: 'contract/ itself' }) },
  },
]);
