import { hideResources, redactError, redactSecrets, registerBuiltResource, registerSecretValue, registerUrlPasswords } from './redaction';
import { secret } from './secret';

test('a URL password is scrubbed from any text, known or not; the rest of the URL stays', () => {
  expect(redactSecrets('connect to postgres://loader:hunter22@db.internal:5432/sales failed')).toBe('connect to postgres://loader:[secret]@db.internal:5432/sales failed');
  expect(redactSecrets('postgresql://db.internal:5432/sales and http://example.com/a@b')).toBe('postgresql://db.internal:5432/sales and http://example.com/a@b');
});

test('a registered secret is scrubbed as such, inside JSON lines too, and so is the password of a secret URL', () => {
  registerSecretValue('tok"en-with-quote');
  expect(redactSecrets(JSON.stringify({ token: 'tok"en-with-quote' }))).toBe('{"token":"[secret]"}');
  registerUrlPasswords('postgres://u:p%40ss-word@h/db');
  expect(redactSecrets('{"password":"p@ss-word"} {"password":"p%40ss-word"}')).toBe('{"password":"[secret]"} {"password":"[secret]"}');
  // Too short to scrub from ordinary text.
  registerSecretValue('ab');
  expect(redactSecrets('ab cd')).toBe('ab cd');
});

test('a revealed secret.fromEnv value is scrubbed; an unrevealed one is not read', () => {
  const env: NodeJS.ProcessEnv = {};
  const lazy = secret.fromEnv('REDACTION_TEST_TOKEN', env);
  env.REDACTION_TEST_TOKEN = 'late-value-1234';
  expect(redactSecrets('late-value-1234')).toBe('late-value-1234');
  expect(lazy.reveal()).toBe('late-value-1234');
  expect(redactSecrets('x late-value-1234 y')).toBe('x [secret] y');
  expect(() => secret.fromEnv('REDACTION_TEST_UNSET', {}).reveal()).toThrow(expect.objectContaining({ code: 'RESOURCE_MISCONFIGURED', message: expect.stringContaining('REDACTION_TEST_UNSET is not set') }));
});

test('an error and its causes lose their secrets in message and stack', () => {
  const cause = new Error('inner postgres://a:cause-pw@h/db');
  const err = redactError(new Error('outer postgres://a:outer-pw@h/db', { cause }));
  expect(err.message).toBe('outer postgres://a:[secret]@h/db');
  expect(err.stack).not.toContain('outer-pw');
  expect(cause.message).toBe('inner postgres://a:[secret]@h/db');
});

test('built resources are shown by key in log fields, at any depth of plain objects', () => {
  const pool = { options: { connectionString: 'postgres://u:pw-xyz@h/db' } };
  registerBuiltResource(pool, 'warehouse');
  const fields = { step: 'a', warehouse: pool, nested: { list: [pool] } };
  expect(hideResources(fields)).toEqual({ step: 'a', warehouse: '[resource warehouse]', nested: { list: ['[resource warehouse]'] } });
  const plain = { step: 'a', rows: 3 };
  expect(hideResources(plain)).toBe(plain);
});
