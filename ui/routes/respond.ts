import type { Context } from 'hono';

/**
 * Where a form post goes next: `303 See Other` to the page that shows its effect, so that
 * reloading that page never posts again. The UI's forms are plain HTML forms: they work
 * without scripts, and htmx only refreshes the live parts of pages.
 */
export function seeOther(c: Context, location: string): Response {
  return c.redirect(location, 303);
}

/** The message of anything thrown, for a notice on the page. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
