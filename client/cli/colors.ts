import { createColors } from 'picocolors';
import { colorEnabled } from '../../execution/terminal-colors';

const enabled = colorEnabled(process.stdout);

/**
 * picocolors for the CLI's output on stdout, coloured only when {@link colorEnabled} says so
 * (picocolors alone would also colour in CI, and cli-table3 colours even a pipe).
 */
const pc = createColors(enabled);
export default pc;

/** cli-table3's `style` for a table: bold headers and grey borders only when colours are on. */
export function tableStyle(): { head: string[]; border: string[] } {
  return enabled ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] };
}
