import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { SettingError } from '../errors/setting-error';
import { logFormat, logLevel } from './logger';

test('log format: pretty unless json is asked for; anything else is refused, naming the choices', () => {
  expect(logFormat({})).toBe('pretty');
  expect(logFormat({ ASSETFLOW_LOG_FORMAT: 'json' })).toBe('json');
  expect(logFormat({ ASSETFLOW_LOG_FORMAT: 'pretty' })).toBe('pretty');
  expect(() => logFormat({ ASSETFLOW_LOG_FORMAT: 'xml' })).toThrow(new SettingError('ASSETFLOW_LOG_FORMAT', 'xml', "'pretty' or 'json'"));
});

test('log level: info by default, any pino level, case-insensitive', () => {
  expect(logLevel({})).toBe('info');
  expect(logLevel({ ASSETFLOW_LOG_LEVEL: 'WARN' })).toBe('warn');
  expect(logLevel({ ASSETFLOW_LOG_LEVEL: 'silent' })).toBe('silent');
  expect(() => logLevel({ ASSETFLOW_LOG_LEVEL: 'loud' })).toThrow('ASSETFLOW_LOG_LEVEL is "loud": expected trace, debug, info, warn, error, fatal, silent');
});

test.each(['pretty', 'json'])('%s log lines never show a secret or a built resource', (format) => {
  const password = `pw-${randomUUID()}`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'log-secrets.ts'), password], {
    encoding: 'utf8',
    env: { ...process.env, ASSETFLOW_LOG_FORMAT: format, ASSETFLOW_LOG_LEVEL: 'info', NO_COLOR: '1' },
  });
  expect(run.status).toBe(0);
  const logs = run.stderr;
  expect(logs).toContain('connecting to [secret]');
  expect(logs).toContain('could not reach postgres://other:[secret]@db.internal/sales');
  expect(logs).toContain('from a child');
  expect(logs).toContain('"warehouse":"[resource warehouse]"');
  expect(logs).not.toContain('connectionString');
  expect(logs).not.toContain(password);
});
