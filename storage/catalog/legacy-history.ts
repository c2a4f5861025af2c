import { MAX_PAGE } from './store-rows';
import type { HistoryQuery, Page, StoredMaterialization } from './store';

/**
 * {@link MaterializationCatalog.history} on top of a paged, newest-first listing: the last
 * `limit` records (all when not given), oldest first, as the file catalog returned them.
 */
export async function historyOldestFirst(
  list: (query: HistoryQuery) => Promise<Page<StoredMaterialization>>,
  limit?: number,
): Promise<StoredMaterialization[]> {
  const newestFirst: StoredMaterialization[] = [];
  let before: string | undefined;
  while (limit === undefined || newestFirst.length < limit) {
    const want = limit === undefined ? MAX_PAGE : Math.min(MAX_PAGE, limit - newestFirst.length);
    if (want <= 0) break;
    const page = await list({ limit: want, ...(before ? { before } : {}) });
    newestFirst.push(...page.items);
    if (!page.next) break;
    before = page.next;
  }
  return newestFirst.reverse();
}
