import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';

/** Client files served under /static: the UI's own (ui/static/) and the libraries it uses, from node_modules. */
const FILES: Record<string, { file: () => string; type: string }> = {
  'htmx.min.js': { file: () => require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript' },
  'htmx-sse.js': { file: () => require.resolve('htmx-ext-sse/sse.js'), type: 'text/javascript' },
  'svg-pan-zoom.min.js': { file: () => require.resolve('svg-pan-zoom/dist/svg-pan-zoom.min.js'), type: 'text/javascript' },
};

/** The UI's own client files: ui/static/<name> (shipped beside the compiled server). */
const OWN_TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };

/** Where ui/static/ is: beside this file in the repo, and (copied by the build) beside its compiled twin in dist/. */
export function ownStaticDir(): string {
  const beside = path.join(__dirname, 'static');
  return fs.existsSync(beside) ? beside : path.resolve(__dirname, '..', '..', 'ui', 'static');
}

/** Routes for /static/*: library files by name, then the UI's own; cached for an hour. */
export function staticRoutes(): Hono {
  const app = new Hono();
  app.get('/:name', (c) => {
    const name = c.req.param('name');
    const known = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    const own = path.join(ownStaticDir(), path.basename(name));
    const type = known?.type ?? OWN_TYPES[path.extname(name)];
    const file = known ? known.file() : type && fs.existsSync(own) ? own : undefined;
    if (!file || !type) return c.notFound();
    return c.body(fs.readFileSync(file), 200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'max-age=3600' });
  });
  return app;
}
