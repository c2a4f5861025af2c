/** The step table Temporal Web shows, parsed back with a real Markdown (GFM) parser: every cell reads as written. */
import MarkdownIt from 'markdown-it';
import type { StepResult } from '../contract/run';
import { CELL_ERROR_LIMIT, checkRow, escapeMarkdown, markdownTable } from './step-table';

type Token = MarkdownIt.Token;

/** Plain text of an inline token, and any formatting Markdown found in it (emphasis, code, links, HTML…). */
function inlineText(token: Token): { text: string; formatting: string[] } {
  const children = token.children ?? [];
  return {
    text: children.filter((c) => c.type === 'text' || c.type === 'text_special').map((c) => c.content).join(''),
    formatting: children.filter((c) => c.type !== 'text' && c.type !== 'text_special').map((c) => c.type),
  };
}

/** The heading, the paragraphs and the table (header and rows of cell texts) of a Markdown document. */
function parse(markdown: string) {
  // GFM's autolinks: URLs with a scheme, www. and e-mail addresses (not linkify's fuzzy bare domains).
  const parser = new MarkdownIt({ linkify: true });
  parser.linkify.set({ fuzzyLink: false });
  const tokens = parser.parse(markdown, {});
  const formatting: string[] = [];
  const read = (token: Token) => {
    const { text, formatting: found } = inlineText(token);
    formatting.push(...found);
    return text;
  };
  let heading: string | undefined;
  const paragraphs: string[] = [];
  const rows: string[][] = [];
  let row: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open') heading = read(tokens[i + 1]);
    else if (t.type === 'paragraph_open') paragraphs.push(read(tokens[i + 1]));
    else if (t.type === 'tr_open') rows.push((row = []));
    else if ((t.type === 'th_open' || t.type === 'td_open') && row) row.push(read(tokens[i + 1]));
  }
  return { heading, paragraphs, header: rows[0], rows: rows.slice(1), formatting, tables: tokens.filter((t) => t.type === 'table_open').length };
}

const polarsError = [
  'unable to find column "sale_date"; valid columns: ["sale_id", "customer_id", "amount"]',
  '',
  'Resolved plan until failure:',
  '',
  "\t---> FAILED HERE RESOLVING 'with_columns' <---",
  'DF ["sale_id", "customer_id", "amount"]; PROJECT */3 COLUMNS',
].join('\n');

const steps: StepResult[] = [
  { key: 'raw_sales', status: 'succeeded', rows: 2000, durationMs: 52, attempts: 2, location: '/data/storage/raw_sales.parquet' },
  { key: 'cleaned_sales', status: 'failed', attempts: 1, durationMs: 7, error: polarsError },
  { key: 'sales/__by__customer_*x*', status: 'skipped', error: "upstream 'cleaned_sales' failed" },
  { key: 'top_customers', status: 'failed', attempts: 4, error: 'warehouse said: a | b `c` <b>bold</b> & ~~gone~~ [link](http://x) **strong** #1 ! ana@example.com https://example.com/x' },
];

test('every cell reads back as written: ids with underscores, a | in an error, a multi-line polars error', () => {
  const doc = parse(markdownTable({ runName: 'daily_sales_etl', status: 'failure', partitionKey: '2026-11-01', steps }));
  expect(doc.formatting).toEqual([]); // no italics, code, links, HTML or strikethrough from the data
  expect(doc.tables).toBe(1);
  expect(doc.heading).toBe('Run daily_sales_etl [2026-11-01]: failure');
  expect(doc.paragraphs).toEqual(["1 succeeded, 2 failed (cleaned_sales, top_customers), 1 skipped (sales/__by__customer_*x*)"]);
  expect(doc.header).toEqual(['step', 'status', 'attempts', 'rows', 'duration', 'output or error']);
  expect(doc.rows).toEqual([
    ['raw_sales', 'succeeded', '2', '2000', '0.05 s', '/data/storage/raw_sales.parquet'],
    ['cleaned_sales', 'failed', '1', '', '0.01 s', expect.any(String)],
    ['sales/__by__customer_*x*', 'skipped', '', '', '', "upstream 'cleaned_sales' failed"],
    ['top_customers', 'failed', '4', '', '', 'warehouse said: a | b `c` <b>bold</b> & ~~gone~~ [link](http://x) **strong** #1 ! ana@example.com https://example.com/x'],
  ]);
  // The polars error: one line, its words in order, cut with an ellipsis at the limit.
  const cell = doc.rows[1][5];
  const flat = polarsError.replace(/\s+/g, ' ');
  expect(cell).toBe(`${flat.slice(0, CELL_ERROR_LIMIT - 1)}…`);
  expect(cell).not.toMatch(/\n/);
});

test('a table cell never spans lines, and the raw text has one line per row', () => {
  const markdown = markdownTable({ runName: 'r', status: 'failure', steps });
  const tableLines = markdown.split('\n').filter((l) => l.startsWith('|'));
  expect(tableLines).toHaveLength(2 + steps.length);
  for (const line of tableLines) expect(line.endsWith(' |') || line.endsWith('|')).toBe(true);
});

test('a run without steps still renders a heading and an empty table', () => {
  const doc = parse(markdownTable({ runName: 'nothing', status: 'success', steps: [] }));
  expect(doc.heading).toBe('Run nothing: success');
  expect(doc.rows).toEqual([]);
});

test('escapeMarkdown leaves plain words alone and escapes what Markdown would read', () => {
  expect(escapeMarkdown('raw sales 2026-11-01 (ok).')).toBe('raw sales 2026-11-01 (ok).');
  expect(escapeMarkdown('a_b|c')).toBe('a\\_b\\|c');
  expect(escapeMarkdown('line one\nline two')).toBe('line one line two');
});

test("a re-execution's reused step says which run it comes from", () => {
  const table = markdownTable({ runName: 'etl', status: 'success', steps: [{ key: 'clean', status: 'succeeded', location: '/s/clean.json', reusedFrom: { workflowId: 'assetflow/run/etl/1', runId: 'r1' } }] });
  expect(table).toContain('| clean | succeeded |  |  |  | reused from assetflow/run/etl/1\\: /s/clean.json |');
});

test('a check row: a blocking error failure fails the step; a warn or non-blocking failure succeeds, named in its error; a pass says so in the table', () => {
  expect(checkRow('a:c', { passed: false, severity: 'error', blocking: true })).toEqual({ status: 'failed', check: { passed: false, severity: 'error', blocking: true }, error: 'check a:c failed (severity error, blocking)' });
  expect(checkRow('a:c', { passed: false, severity: 'warn', blocking: true }).status).toBe('succeeded');
  expect(checkRow('a:c', { passed: false, severity: 'error', blocking: false })).toMatchObject({ status: 'succeeded', error: 'check a:c failed (severity error)' });
  const passed = { key: 'a:c', ...checkRow('a:c', { passed: true, severity: 'error', blocking: true }) };
  expect(markdownTable({ runName: 'r', status: 'success', steps: [passed] })).toContain('| a\\:c | succeeded |  |  |  | check passed |');
});
