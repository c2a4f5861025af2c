import { Writable } from 'node:stream';
import pino from 'pino';
import { SettingError } from '../errors/setting-error';
import { sdkLogger, sdkLogThreshold, type SdkLogThreshold } from './sdk-logger';

/** An SDK logger writing JSON lines into an array. */
function capture(threshold: SdkLogThreshold) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const target = pino({ level: 'info', base: undefined }, stream);
  return { logger: sdkLogger(threshold, () => target), lines };
}

const failure = Object.assign(new Error('sales API answered 503\n    at fetchSales (fetch-sales.ts:13)'), { name: 'ApplicationFailure' });

test("the SDK's 'Activity failed' and 'Workflow failed' are DEBUG: assetflow reports them itself", () => {
  const { logger, lines } = capture('WARN');
  logger.warn('Activity failed', { taskToken: 'CiQw…', error: failure, activityType: 'materializeStep' });
  logger.warn('Workflow failed', { error: failure });
  expect(lines).toEqual([]);
});

test('other SDK warnings pass as one entry, tagged temporal, without the task token, the error as one line', () => {
  const { logger, lines } = capture('WARN');
  logger.warn('Activity heartbeat timed out', { taskToken: 'CiQw…', activityId: 'materialize/raw_sales', error: failure });
  logger.info('Worker state changed', { state: 'RUNNING' });
  expect(lines).toEqual([
    { level: 40, time: expect.any(Number), component: 'temporal', activityId: 'materialize/raw_sales', error: 'ApplicationFailure: sales API answered 503 ⏎ at fetchSales (fetch-sales.ts:13)', msg: 'Activity heartbeat timed out' },
  ]);
});

test('at DEBUG everything passes, with stacks, even below the target logger\'s own level', () => {
  const { logger, lines } = capture('DEBUG');
  logger.warn('Activity failed', { taskToken: 'CiQw…', error: failure });
  logger.trace('too fine');
  expect(lines).toEqual([{ level: 20, time: expect.any(Number), component: 'temporal', error: expect.stringContaining('sales API answered 503'), errorStack: failure.stack, msg: 'Activity failed' }]);
});

test('OFF drops everything, errors included', () => {
  const { logger, lines } = capture('OFF');
  logger.error('Worker failed', { error: failure });
  expect(lines).toEqual([]);
});

test('the threshold: ASSETFLOW_TEMPORAL_LOG_LEVEL, else WARN raised by ASSETFLOW_LOG_LEVEL', () => {
  expect(sdkLogThreshold({})).toBe('WARN');
  expect(sdkLogThreshold({ ASSETFLOW_LOG_LEVEL: 'debug' })).toBe('WARN');
  expect(sdkLogThreshold({ ASSETFLOW_LOG_LEVEL: 'warn' })).toBe('WARN');
  expect(sdkLogThreshold({ ASSETFLOW_LOG_LEVEL: 'error' })).toBe('ERROR');
  expect(sdkLogThreshold({ ASSETFLOW_LOG_LEVEL: 'silent' })).toBe('OFF');
  expect(sdkLogThreshold({ ASSETFLOW_TEMPORAL_LOG_LEVEL: 'debug', ASSETFLOW_LOG_LEVEL: 'error' })).toBe('DEBUG');
  expect(sdkLogThreshold({ ASSETFLOW_TEMPORAL_LOG_LEVEL: 'silent' })).toBe('OFF');
  expect(() => sdkLogThreshold({ ASSETFLOW_TEMPORAL_LOG_LEVEL: 'loud' })).toThrow(SettingError);
  expect(() => sdkLogThreshold({ ASSETFLOW_TEMPORAL_LOG_LEVEL: 'loud' })).toThrow('ASSETFLOW_TEMPORAL_LOG_LEVEL is "loud": expected TRACE, DEBUG, INFO, WARN, ERROR, OFF');
});
