import { AssetflowError } from './assetflow-error';

/**
 * A sensor's evaluation returned something that cannot be right (a run request with a bad
 * target or config, a cursor that is not a string, too many requests): a mistake in the
 * sensor's code, which retrying cannot fix. Its name, `InvalidSensorResult`, is the failure
 * type Temporal shows.
 */
export class InvalidSensorResultError extends AssetflowError {
  constructor(readonly sensorName: string, problem: string) {
    super(`sensor '${sensorName}': ${problem}`, { code: 'SENSOR_RESULT_INVALID', retryable: false });
    this.name = 'InvalidSensorResult';
  }
}

/**
 * A sensor workflow asked to evaluate a sensor that the worker's Definitions do not have (it
 * was renamed or removed since it was deployed). Not retried: redeploy, or stop its workflow.
 * Its name, `UnknownSensor`, is the failure type Temporal shows.
 */
export class UnknownSensorError extends AssetflowError {
  constructor(readonly sensorName: string, known: Iterable<string>) {
    const names = [...known];
    super(`sensor '${sensorName}' is not in this worker's Definitions (known: ${names.join(', ') || 'none'}); redeploy or stop its workflow`, {
      code: 'SENSOR_UNKNOWN',
      retryable: false,
    });
    this.name = 'UnknownSensor';
  }
}
