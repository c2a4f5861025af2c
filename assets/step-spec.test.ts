import { z } from 'zod';
import { DefinitionError } from '../errors/errors';
import { asset } from './asset';
import { op } from './op';
import { stepSpecProblems } from './step-spec';

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(DefinitionError);
    return (err as DefinitionError).problems;
  }
  throw new Error('expected a DefinitionError');
}

test('an op and an asset with bad timeouts get the same wording from the shared check', () => {
  const bad = { heartbeatTimeoutSeconds: 0, timeoutSeconds: -5, compute: () => 1 };
  const fromOp = problemsOf(() => op({ name: 'step', ...bad }));
  const fromAsset = problemsOf(() => asset({ key: 'step', ...bad }));
  expect(fromOp).toEqual(["op 'step': heartbeatTimeoutSeconds must be a positive number of seconds", "op 'step': timeoutSeconds must be a positive number of seconds"]);
  expect(fromAsset).toEqual(fromOp.map((p) => p.replace("op 'step'", "asset 'step'")));
});

test('every shared problem at once: compute, reserved input names, config, retry, resources, timeouts', () => {
  const problems = stepSpecProblems("op 'x'", {
    compute: 'not a function',
    ins: { context: {} },
    config: { not: 'zod' },
    retry: { maxAttempts: 0 },
    resources: { db: 'postgres' },
    timeoutSeconds: 'long',
  });
  expect(problems).toEqual([
    "op 'x': compute must be a function",
    "op 'x': input name 'context' is reserved (compute receives config and context under those names); rename the input",
    "op 'x': config must be a zod schema (z.object({...}))",
    "op 'x': retry.maxAttempts must be a whole number >= 1 (got 0)",
    "op 'x': resources.db must be resourceParam<T>()",
    "op 'x': timeoutSeconds must be a positive number of seconds",
  ]);
  expect(stepSpecProblems("asset 'y'", { compute: () => 1, config: z.object({}), timeoutSeconds: 10 })).toEqual([]);
});

test('asset() and op() add their own input rules to the shared ones', () => {
  expect(problemsOf(() => asset({ key: 'a', ins: { config: 'raw' } as never, compute: () => 1 }))).toEqual([
    "asset 'a': input name 'config' is reserved (compute receives config and context under those names); rename the input",
    "asset 'a': input 'config' must be an asset built by asset(), got string",
  ]);
  expect(problemsOf(() => op({ name: 'o', ins: { config: 'DataFrame' } as never, compute: () => 1 }))).toEqual([
    "op 'o': input name 'config' is reserved (compute receives config and context under those names); rename the input",
    "op 'o': input 'config' must be declared with input<T>()",
  ]);
});
