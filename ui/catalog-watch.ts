/**
 * Notices changes in the catalog while pages are open: one poller per Definitions, running only
 * while someone listens, that asks the catalog for its change mark (a few index lookups) about
 * once a second and, when it moved, reads every asset's status (the same derivation the pages
 * show) and tells listeners which assets changed.
 */
import { listAssets, staleText, type AssetSummary } from '../client/asset-catalog';
import type { Definitions } from '../planning/definitions';

export type ChangeListener = (changedKeys: string[]) => void;

/** What makes an asset look different on a page: its health (with why stale), counts and newest materialization. */
export function assetSignature(a: AssetSummary): string {
  const counts = a.status.partitioned ? Object.values(a.status.counts).join(',') : a.status.state;
  return `${a.health.kind}|${counts}|${a.last?.eventId ?? ''}|${staleText(a.health) ?? ''}`;
}

/** Keys whose signature differs between two readings (new and vanished keys included). */
export function changedKeys(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changed = [...after].filter(([key, sig]) => before.get(key) !== sig).map(([key]) => key);
  for (const key of before.keys()) if (!after.has(key)) changed.push(key);
  return changed;
}

interface Watch {
  listeners: Set<ChangeListener>;
  timer?: NodeJS.Timeout;
  last?: Map<string, string>;
  /** The catalog's change mark when `last` was read (stores without one: always re-read). */
  mark?: string;
}

const watches = new WeakMap<Definitions, Watch>();

/**
 * Calls `listener` with the keys of the assets whose status changed, checking every
 * `intervalMs` (default 1 s) while at least one listener is subscribed. Returns the unsubscribe
 * function.
 */
export function watchCatalog(definitions: Definitions, listener: ChangeListener, intervalMs = 1000): () => void {
  let watch = watches.get(definitions);
  if (!watch) watches.set(definitions, (watch = { listeners: new Set() }));
  const w = watch;
  w.listeners.add(listener);
  if (!w.timer) {
    const tick = async () => {
      try {
        // The cheap query first: the statuses are read only after the catalog changed. The first
        // tick notes the mark alone, so that a page opening is not slowed by a full read.
        const mark = await definitions.catalog.changeMark?.();
        if (mark !== undefined && w.mark === undefined) w.mark = mark;
        else if (mark === undefined || mark !== w.mark) {
          const now = new Map((await listAssets(definitions)).map((a) => [a.key, assetSignature(a)]));
          // No earlier reading to compare with: every asset may have changed (a store without a mark: the first reading is the baseline).
          const changed = w.last ? changedKeys(w.last, now) : mark === undefined ? [] : [...now.keys()];
          w.last = now;
          w.mark = mark;
          if (changed.length) for (const l of [...w.listeners]) l(changed);
        }
      } catch {
        // The catalog is unreachable for a moment (a restart): try again on the next tick.
      }
      if (w.listeners.size) w.timer = setTimeout(() => void tick(), intervalMs);
      else {
        w.timer = undefined;
        w.last = undefined;
        w.mark = undefined;
      }
    };
    w.timer = setTimeout(() => void tick(), 0);
  }
  return () => {
    w.listeners.delete(listener);
  };
}
