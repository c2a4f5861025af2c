import { defineResource } from '../assets/resources';
import { hideResources } from '../assets/redaction';
import { secret } from '../assets/secret';
import { ResourceSet } from './resource-set';

test('an unset secret.fromEnv fails when its resource is needed, naming the variable and the resource, not when bound', async () => {
  const env: NodeJS.ProcessEnv = {};
  const resources = new ResourceSet({
    api: { token: secret.fromEnv('RESOURCE_SET_TEST_TOKEN', env) },
    client: defineResource({ create: () => ({ token: secret.fromEnv('RESOURCE_SET_TEST_CLIENT', env).reveal() }) }),
  });
  await expect(resources.resolve(['api'], "asset 'a'")).rejects.toMatchObject({
    code: 'RESOURCE_MISCONFIGURED',
    retryable: false,
    message: "resource 'api': the secret RESOURCE_SET_TEST_TOKEN is not set: export RESOURCE_SET_TEST_TOKEN=... in the worker's environment and restart the worker",
  });
  await expect(resources.resolve(['client'], "asset 'a'")).rejects.toMatchObject({ code: 'RESOURCE_MISCONFIGURED', message: expect.stringMatching(/^resource 'client': the secret RESOURCE_SET_TEST_CLIENT is not set/) });
  // Set later (as in the worker's environment), both resolve.
  env.RESOURCE_SET_TEST_TOKEN = 'token-1234';
  env.RESOURCE_SET_TEST_CLIENT = 'client-1234';
  const { api, client } = (await resources.resolve(['api', 'client'], "asset 'a'")) as { api: { token: { reveal(): string } }; client: object };
  expect(api.token.reveal()).toBe('token-1234');
  // A built resource logs by its key; a plain value keeps its (secret-safe) shape.
  expect(hideResources({ client, api })).toEqual({ client: '[resource client]', api });
});
