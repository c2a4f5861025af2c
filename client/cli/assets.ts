/** `assetflow assets list` and `assetflow assets show <key>`: the assets and what the catalog knows of them. */
import Table from 'cli-table3';
import type { Command } from 'commander';
import pc, { tableStyle } from './colors';
import type { Definitions } from '../../planning/definitions';
import { prepareCatalog } from '../../storage/catalog/prepare-catalog';
import { recordedDevServerUiUrl } from '../../temporal/dev-server';
import { listAssets, showAsset, staleText as staleWords, type AssetStatus, type AssetSummary } from '../asset-catalog';
import { runUrl } from '../runs';
import { definitionsFrom, defsOption, positiveInt } from './options';
import { countsText, stateWord } from './partition-status-text';

/**
 * Runs `fn` on the Definitions a command's `--defs` names, with their catalog opened (its clear
 * errors first; an old JSON-lines catalog in the storage root imported, as a worker would) and
 * closed after.
 */
export async function withCatalog<T>(options: { defs?: string }, fn: (definitions: Definitions) => Promise<T>): Promise<T> {
  const definitions = definitionsFrom(options);
  try {
    await prepareCatalog(definitions.catalog, definitions.storageRoot);
    return await fn(definitions);
  } finally {
    await definitions.dispose();
  }
}

/** Adds `assets list` and `assets show <key>` (they read the catalog only: no Temporal server needed). */
export function addAssetsCommands(program: Command): void {
  const assets = program.command('assets').description('The assets of the Definitions and their state in the catalog (materialized, stale and why, failed, running, never materialized)');
  assets
    .command('list')
    .description('List every asset: group, partitions, last materialization, status')
    .addOption(defsOption())
    .action((options: { defs?: string }) => withCatalog(options, async (definitions) => console.log(assetListText(await listAssets(definitions)))));
  assets
    .command('show <key>')
    .description('Show one asset: description, group, IO manager, partitions, code version, status (and why stale), lineage, columns, preview, recent materializations (with links to their runs in Temporal Web) and failures')
    .addOption(defsOption())
    .option('-n, --limit <n>', 'materializations to list', positiveInt, 10)
    .action((key: string, options: { defs?: string; limit: number }) =>
      withCatalog(options, async (definitions) => console.log(assetText(await showAsset(definitions, key, { limit: options.limit }), webLinks()))),
    );
}

/** The status column: `never materialized`, `materialized`, `failed`, `running`; for partitions, their counts. */
export function statusText(status: AssetStatus): string {
  if (status.partitioned) return `${status.counts.materialized}/${status.total}: ${countsText(status.counts)}`;
  const word = status.state === 'in_progress' ? 'running' : stateWord(status.state, false);
  return status.state === 'materialized' ? pc.green(word) : status.state === 'failed' ? pc.red(word) : status.state === 'in_progress' ? pc.yellow(word) : pc.dim(word);
}

/** ` · stale: upstream raw_sales materialized 2026-12-01 10:02 after this` (or `code version changed v1 → v2`) when stale, else nothing. */
export function staleText(a: AssetSummary): string {
  const words = staleWords(a.health);
  return words ? pc.yellow(` · ${words}`) : '';
}

function lastText(a: AssetSummary): string {
  if (!a.last) return '';
  return `${a.last.materializedAt}${a.last.rows !== undefined ? ` (${a.last.rows} rows)` : ''}`;
}

/** The table of `assetflow assets list`. */
export function assetListText(list: readonly AssetSummary[]): string {
  if (list.length === 0) return 'These Definitions have no assets.';
  const table = new Table({ head: ['asset', 'group', 'partitions', 'last materialized', 'status'], style: tableStyle() });
  for (const a of list) table.push([a.key, a.group, a.partitions ?? '', lastText(a), `${statusText(a.status)}${staleText(a)}`]);
  return table.toString();
}

/** How to link a run in Temporal Web, when its address is known without starting a server. */
interface WebLinks {
  uiUrl: string;
  namespace: string;
}

/** TEMPORAL_UI_URL, else (no TEMPORAL_ADDRESS: the local dev server) the Web UI the dev server recorded when it started. */
function webLinks(env: NodeJS.ProcessEnv = process.env): WebLinks | undefined {
  const uiUrl = env.TEMPORAL_UI_URL || (env.TEMPORAL_ADDRESS ? undefined : recordedDevServerUiUrl());
  return uiUrl ? { uiUrl, namespace: env.TEMPORAL_NAMESPACE || 'default' } : undefined;
}

/** The text of `assetflow assets show <key>`. */
export function assetText(a: Awaited<ReturnType<typeof showAsset>>, links?: WebLinks): string {
  const lines = [pc.bold(a.key)];
  if (a.description) lines.push(`  ${a.description}`);
  lines.push(`  group: ${a.group}`, `  IO manager: ${a.ioManagerKey}`, `  partitions: ${a.partitions ?? 'none'}`, `  code version: ${a.codeVersion ?? 'none'}`, `  status: ${statusText(a.status)}${staleText(a)}`);
  if (a.computedBy) lines.push(`  computed by: multi-asset ${a.computedBy.multiAsset} (outs: ${a.computedBy.outs.join(', ')})`);
  lines.push(`  upstream: ${a.upstream.length ? a.upstream.join(', ') : 'none'}`, `  downstream: ${a.downstream.length ? a.downstream.join(', ') : 'none'}`);
  if (a.columns.length) {
    const columns = new Table({ head: ['column', 'type'], style: tableStyle() });
    for (const c of a.columns) columns.push([c.name, c.type]);
    lines.push('', pc.bold('columns') + pc.dim(' (of the last materialization)'), columns.toString());
  }
  if (a.preview.length) {
    const names = [...new Set(a.preview.flatMap((row) => Object.keys(row)))];
    const preview = new Table({ head: names, style: tableStyle() });
    for (const row of a.preview) preview.push(names.map((n) => cell(row[n])));
    lines.push('', pc.bold('preview'), preview.toString());
  }
  lines.push('', pc.bold('materializations') + pc.dim(' (newest first)'));
  if (a.materializations.length === 0) lines.push('  never materialized');
  else {
    const head = ['time', 'run', 'partition', 'rows', 'attempt', 'code version', ...(links ? ['Temporal Web'] : [])];
    const table = new Table({ head, style: tableStyle() });
    for (const m of a.materializations) {
      const link = links && m.workflowId ? runUrl(links.uiUrl, links.namespace, m.workflowId, m.runId) : '';
      table.push([m.materializedAt, m.runName ?? m.runId, m.partitionKey ?? '', m.rows ?? '', m.attempt, m.codeVersion ?? '', ...(links ? [link] : [])]);
    }
    lines.push(table.toString());
    if (!links) lines.push(pc.dim('  (set TEMPORAL_UI_URL to link each run to Temporal Web)'));
  }
  lines.push('', pc.bold('checks') + pc.dim(' (newest result of each)'));
  if (a.checks.length === 0) lines.push('  none');
  else {
    const table = new Table({ head: ['check', 'blocking', 'result', 'severity', 'time', 'partition', 'metadata'], style: tableStyle() });
    for (const c of a.checks) {
      const r = c.latest;
      const result = !r ? pc.dim('never ran') : r.passed ? pc.green('passed') : r.severity === 'error' ? pc.red('failed') : pc.yellow('failed');
      table.push([c.name, c.blocking ? 'yes' : 'no', result, r?.severity ?? '', r?.checkedAt ?? '', r?.partitionKey ?? '', r ? JSON.stringify(r.metadata) : '']);
    }
    lines.push(table.toString());
  }
  if (a.failures.length) {
    lines.push('', pc.bold('recent failures') + pc.dim(' (newest first)'));
    const table = new Table({ head: ['time', 'run', 'partition', 'attempt', 'error'], style: tableStyle(), colWidths: [null, null, null, null, 80] as unknown as number[], wordWrap: true });
    for (const f of a.failures) table.push([f.failedAt, f.runName ?? f.runId, f.partitionKey ?? '', f.attempt, f.error]);
    lines.push(table.toString());
  }
  return lines.join('\n');
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
