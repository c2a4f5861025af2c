import { DefinitionError } from '../errors/errors';
import { asset, MAX_CODE_VERSION_LENGTH } from './asset';

const compute = () => 1;

test('a code version is kept on the definition; without one the asset has none', () => {
  expect(asset({ key: 'a', codeVersion: 'v2', compute }).codeVersion).toBe('v2');
  expect(asset({ key: 'a', compute }).codeVersion).toBeUndefined();
  expect(Object.keys(asset({ key: 'a', compute }))).not.toContain('codeVersion');
});

test('an empty, blank, too long, multi-line or non-string code version is refused at definition time, naming the asset', () => {
  expect(() => asset({ key: 'a', codeVersion: '', compute })).toThrow(DefinitionError);
  expect(() => asset({ key: 'a', codeVersion: '', compute })).toThrow(/asset 'a': codeVersion must not be empty or blank/);
  expect(() => asset({ key: 'a', codeVersion: '  ', compute })).toThrow(/must not be empty or blank/);
  expect(() => asset({ key: 'a', codeVersion: 'x'.repeat(MAX_CODE_VERSION_LENGTH + 1), compute })).toThrow(
    new RegExp(`codeVersion is ${MAX_CODE_VERSION_LENGTH + 1} characters long; keep it to ${MAX_CODE_VERSION_LENGTH}`),
  );
  expect(asset({ key: 'a', codeVersion: 'x'.repeat(MAX_CODE_VERSION_LENGTH), compute }).codeVersion).toHaveLength(MAX_CODE_VERSION_LENGTH);
  expect(() => asset({ key: 'a', codeVersion: 'v1\nv2', compute })).toThrow(/must not contain control characters/);
  expect(() => asset({ key: 'a', codeVersion: 2 as unknown as string, compute })).toThrow(/codeVersion must be a string such as 'v2', got number/);
});
