import { assetKeysAttribute, MAX_SEARCH_ATTRIBUTE_VALUE_BYTES } from './search-attributes';

test('short keys: the first 100, as before', () => {
  const keys = Array.from({ length: 150 }, (_, i) => `k${i}`);
  expect(assetKeysAttribute(keys)).toEqual(keys.slice(0, 100));
  expect(assetKeysAttribute([])).toEqual([]);
});

test('long keys: as many as fit a search attribute value (the server refused 12 keys of 200 characters)', () => {
  const keys = Array.from({ length: 100 }, (_, i) => `a${i}_`.padEnd(200, 'x'));
  const value = assetKeysAttribute(keys);
  expect(value).toEqual(keys.slice(0, 9));
  expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(MAX_SEARCH_ATTRIBUTE_VALUE_BYTES);
  expect(Buffer.byteLength(JSON.stringify(keys.slice(0, 10)))).toBeGreaterThan(MAX_SEARCH_ATTRIBUTE_VALUE_BYTES);
});
