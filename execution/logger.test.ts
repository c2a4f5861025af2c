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
