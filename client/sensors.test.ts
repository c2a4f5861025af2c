import { sensor } from '../assets/sensor';
import { sensorTarget } from './sensors';

const evaluate = () => ({ skipReason: 'test' });

test("a sensor's target reads as its job, its selection, or everything", () => {
  expect(sensorTarget(sensor({ name: 's1', job: 'daily_etl', evaluate }))).toBe('job daily_etl');
  expect(sensorTarget(sensor({ name: 's2', selection: ['raw_sales', 'cleaned_sales+'], evaluate }))).toBe('raw_sales,cleaned_sales+');
  expect(sensorTarget(sensor({ name: 's3', selection: 'group:sales', evaluate }))).toBe('group:sales');
});
