import { CatalogInputError } from './catalog-errors';

/**
 * History cursors: opaque to callers, an event id inside. A cursor points just past the last
 * record of a page; the next page holds records older than it.
 */
export function encodeCursor(eventId: string): string {
  return Buffer.from(`e${eventId}`, 'utf8').toString('base64url');
}

/** The event id in a cursor; a string that did not come from {@link encodeCursor} is a clear error. */
export function decodeCursor(cursor: string): string {
  const text = typeof cursor === 'string' && /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^e([1-9][0-9]{0,18})$/.exec(text);
  if (!match) throw new CatalogInputError(`'${String(cursor)}' is not a history cursor: pass the 'next' value of a previous page as 'before'`);
  return match[1];
}
