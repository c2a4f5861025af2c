/**
 * Whether output to `stream` gets ANSI colours: never with `NO_COLOR` (any non-empty value,
 * see no-color.org), always with `FORCE_COLOR` (unless `0` or `false`), else only on a terminal
 * (`TERM=dumb` excepted). One rule for the CLI's text (picocolors, cli-table3) and the logs
 * (pino-pretty), so a pipe or a file never receives escape codes unless asked.
 *
 * @example
 * ```ts
 * colorEnabled(process.stdout);                                   // true in a terminal
 * colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' });            // true
 * colorEnabled({ isTTY: true }, { NO_COLOR: '1', TERM: 'xterm' }); // false
 * ```
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}
