import type { Client } from '@temporalio/client';
import type { Definitions } from '../planning/definitions';

/**
 * What every page and action of the asset UI reads from: the loaded Definitions (and, through
 * them, the catalog), a Temporal client for visibility, starts, signals and cancels, and where
 * Temporal Web is, so that anything about a run's execution links there instead of being copied.
 */
export interface UiContext {
  definitions: Definitions;
  client: Client;
  /** The namespace the client talks to (Temporal Web links are per namespace). */
  namespace: string;
  /** Temporal Web's base URL (`http://127.0.0.1:8233`), when known; without it no run links are shown. */
  temporalWebUrl?: string;
}
