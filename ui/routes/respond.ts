import type { Context } from 'hono';

/**
 * Where a form post goes next: an htmx request is told with `HX-Redirect` (htmx then loads the
 * page), a plain form post gets `303 See Other`, so the page works with and without scripts.
 */
export function seeOther(c: Context, location: string): Response {
  if (c.req.header('HX-Request') === 'true') {
    c.header('HX-Redirect', location);
    return c.body(null, 200);
  }
  return c.redirect(location, 303);
}

/** The message of anything thrown, for a notice on the page. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
