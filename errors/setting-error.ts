import { AssetflowError } from './assetflow-error';

/**
 * An environment variable or command-line option with a value assetflow does not know, named
 * with the values it takes. Not retried: fix the setting.
 *
 * @example
 * ```ts
 * throw new SettingError('ASSETFLOW_LOG_FORMAT', 'xml', "'pretty' or 'json'");
 * // ASSETFLOW_LOG_FORMAT is 'xml': expected 'pretty' or 'json'
 * ```
 */
export class SettingError extends AssetflowError {
  constructor(readonly setting: string, value: string, expected: string) {
    super(`${setting} is ${JSON.stringify(value)}: expected ${expected}`, { code: 'SETTING_INVALID', retryable: false });
    this.name = 'SettingError';
  }
}
