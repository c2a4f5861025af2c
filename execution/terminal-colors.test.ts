import { colorEnabled } from './terminal-colors';

const tty = { isTTY: true };
const pipe = { isTTY: false };

test('colour only on a terminal, unless NO_COLOR or FORCE_COLOR says otherwise', () => {
  expect(colorEnabled(tty, { TERM: 'xterm-256color' })).toBe(true);
  expect(colorEnabled(pipe, {})).toBe(false);
  expect(colorEnabled(pipe, { CI: 'true' })).toBe(false);
  expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false);
});

test('NO_COLOR (non-empty) wins over a terminal and over FORCE_COLOR', () => {
  expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
  expect(colorEnabled(pipe, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true);
});

test('FORCE_COLOR colours a pipe; FORCE_COLOR=0 or false turns colour off', () => {
  expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
  expect(colorEnabled(pipe, { FORCE_COLOR: '' })).toBe(true);
  expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
  expect(colorEnabled(tty, { FORCE_COLOR: 'false' })).toBe(false);
});
