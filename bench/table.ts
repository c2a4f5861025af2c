import Table from 'cli-table3';
import { FIGURES, type FigureModule } from './figures';
import { meets } from './stats';
import type { BenchContext, FigureRow, Target } from './types';

/** Runs the selected figures; a figure that throws gets a row saying so and the others still run. */
export async function runFigures(ctx: BenchContext, names?: string[]): Promise<FigureRow[]> {
  const rows: FigureRow[] = [];
  for (const entry of FIGURES.filter((f) => !names || names.includes(f.name))) {
    ctx.log(`figure ${entry.title}`);
    let mod: FigureModule | undefined;
    try {
      mod = await entry.load();
    } catch (err) {
      rows.push({ figure: entry.title, unit: '', note: `could not load: ${(err as Error).message}` });
      continue;
    }
    const fn = mod?.default ?? mod?.run;
    if (typeof fn !== 'function') {
      rows.push({ figure: entry.title, unit: '', note: 'its module exports no figure function (bench/README.md)' });
      continue;
    }
    try {
      const out = await (fn as (c: BenchContext) => Promise<FigureRow | FigureRow[]>)(ctx);
      rows.push(...(Array.isArray(out) ? out : [out]));
    } catch (err) {
      rows.push({ figure: entry.title, unit: '', note: `failed: ${(err as Error).message.split('\n')[0]}` });
      ctx.log((err as Error).stack ?? String(err));
    }
  }
  return rows;
}

export function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  const op = { '<=': '≤', '<': '<', '>=': '≥', '>': '>' }[target.op];
  return `${op} ${target.value}${unit === 'x' ? 'x' : ` ${unit}`}`;
}

export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit === 'x' ? `${text}x` : `${text} ${unit}`;
}

/** The table: figure, value, target, met?, note. */
export function renderTable(rows: FigureRow[]): string {
  const table = new Table({ head: ['figure', 'value', 'target', 'met?', 'note'], style: { head: [], border: [] }, wordWrap: true, colWidths: [38, 14, 12, 6, 60] });
  for (const row of rows) {
    const met = row.target && row.value !== undefined ? (meets(row.value, row.target) ? 'yes' : 'NO') : '';
    table.push([row.figure, formatValue(row.value, row.unit), formatTarget(row.target, row.unit), met, row.note ?? '']);
  }
  return table.toString();
}


/** The same table in Markdown (for the README's Performance section). */
export function renderMarkdown(rows: FigureRow[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = ['| figure | value | target | met? | note |', '|---|---:|---|---|---|'];
  for (const row of rows) {
    const met = row.target && row.value !== undefined ? (meets(row.value, row.target) ? 'yes' : '**no**') : '';
    lines.push(`| ${cell(row.figure)} | ${formatValue(row.value, row.unit)} | ${formatTarget(row.target, row.unit)} | ${met} | ${cell(row.note ?? '')} |`);
  }
  return lines.join('\n');
}
