import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { UiContext } from '../context';

/** The sections of the UI, in the order the navigation shows them. */
export const SECTIONS = [
  { path: '/', label: 'Assets' },
  { path: '/runs', label: 'Runs' },
  { path: '/automation', label: 'Schedules & sensors' },
] as const;

export interface LayoutProps {
  ctx: UiContext;
  /** The page's title (also the document title). */
  title: string;
  /** The section this page belongs to (highlighted in the navigation). */
  section?: (typeof SECTIONS)[number]['path'];
  /** More client scripts for this page (after htmx), e.g. `/static/graph.js`. */
  scripts?: readonly string[];
  children?: Child;
}

/**
 * Every page's shell: navigation, the Temporal Web link, the stylesheet and the client scripts
 * (htmx and its SSE extension for live updates and forms, the page script). The body listens to
 * `/events` (ui/routes/events.ts): any element inside with `hx-trigger="sse:changed"` refreshes
 * itself when the catalog changes.
 */
export const Layout: FC<LayoutProps> = ({ ctx, title, section, scripts = [], children }) => (
  <>
  {raw('<!doctype html>')}
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · assetflow`}</title>
      <link rel="stylesheet" href="/static/ui.css" />
      <link rel="stylesheet" href="/static/ops.css" />
      <script src="/static/htmx.min.js" defer></script>
      <script src="/static/htmx-sse.js" defer></script>
      {scripts.map((src) => (
        <script src={src} defer></script>
      ))}
    </head>
    <body hx-ext="sse" sse-connect="/events">
      <header class="top">
        <a class="brand" href="/">assetflow</a>
        <nav aria-label="Sections">
          {SECTIONS.map((s) => (
            <a href={s.path} aria-current={s.path === section ? 'page' : undefined}>{s.label}</a>
          ))}
        </nav>
        <span class="location">{ctx.definitions.taskQueue}</span>
        {ctx.temporalWebUrl ? <a class="temporal-web" href={ctx.temporalWebUrl} target="_blank" rel="noreferrer">Temporal Web ↗</a> : null}
      </header>
      <main id="main">{children}</main>
    </body>
  </html>
  </>
);
