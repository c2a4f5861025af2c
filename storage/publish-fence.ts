import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What an attempt checks right before it publishes (renames its output into place, records
 * it in the catalog): throws when the attempt is no longer the current one.
 */
export interface PublishFence {
  assertCurrent(): void;
}

const fences = new AsyncLocalStorage<PublishFence>();

/**
 * Runs `publish` (an IO manager's `handleOutput`) under a fence: every `writeAtomically` it
 * calls checks the fence before its rename, so a stale attempt's file never replaces the
 * current one, whichever IO manager writes it.
 */
export async function withPublishFence<T>(fence: PublishFence | undefined, publish: () => T | Promise<T>): Promise<T> {
  return fence ? fences.run(fence, async () => publish()) : publish();
}

/** Throws when the publish running now is fenced off (see {@link withPublishFence}); a no-op outside a fence. */
export function assertPublishAllowed(): void {
  fences.getStore()?.assertCurrent();
}
