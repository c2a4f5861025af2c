/**
 * Where requests to the asset UI may come from. A web page open in the user's browser must not
 * be able to start or cancel work through the UI, and must not read it through DNS rebinding:
 *
 * - Host: only the address the UI is bound to (127.0.0.1, localhost or [::1] with its port, or
 *   the configured host) is answered; any other Host header gets 421 (a rebound domain name
 *   pointing at 127.0.0.1 is refused).
 * - Origin: a request that is not GET or HEAD must come from the UI's own pages: its Origin
 *   header (or, when a browser sends none, Sec-Fetch-Site and Referer) must be the UI's origin,
 *   else 403.
 * - Token: binding an interface other than loopback requires a token; every request then carries
 *   it as `Authorization: Bearer <token>` or in the cookie that visiting `/?token=<token>` sets.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SettingError } from '../errors/setting-error';

/** The cookie a visit to `/?token=…` sets. */
export const TOKEN_COOKIE = 'assetflow_ui_token';

/** Where the UI listens and what it asks of requests; the port is filled in once the server is listening. */
export interface UiBinding {
  /** The interface bound: `127.0.0.1` by default. */
  host: string;
  /** The port bound; undefined (an app not served yet, e.g. in `app.request` tests): any port of an allowed host. */
  port?: number;
  /** The token requests must carry (required when `host` is not loopback). */
  token?: string;
  /** More Host names to answer to (e.g. the machine's DNS name when bound to 0.0.0.0). */
  allowedHosts?: readonly string[];
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1', '[::1]'];
const WILDCARD = ['0.0.0.0', '::', '[::]'];

/** Whether `host` is a loopback interface (127.0.0.0/8, ::1 or localhost). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/**
 * The binding with its token: the given one, else ASSETFLOW_UI_TOKEN. Binding anything but
 * loopback without a token is refused with an error that says how to give one.
 */
export function resolveBinding(host: string, token: string | undefined, env: NodeJS.ProcessEnv = process.env): UiBinding {
  const chosen = token || env.ASSETFLOW_UI_TOKEN || undefined;
  if (!isLoopback(host) && !chosen) {
    throw new SettingError(
      'ASSETFLOW_UI_TOKEN',
      '',
      `a secret token when the asset UI binds ${host} (not loopback): anyone who reaches that interface could start runs. Set ASSETFLOW_UI_TOKEN (or the token option), or bind 127.0.0.1`,
    );
  }
  return { host, ...(chosen ? { token: chosen } : {}) };
}

/** The Host header values the binding answers to: `name:port` for each allowed name (any port while the port is unknown). */
export function hostAllowed(hostHeader: string | undefined, binding: UiBinding): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (!match) return false;
  const [, name, port] = match;
  if (binding.port !== undefined && Number(port ?? 80) !== binding.port) return false;
  if (WILDCARD.includes(binding.host)) return binding.token !== undefined; // any name reaching the machine, but only with the token
  const names = [...LOOPBACK_NAMES, binding.host.toLowerCase(), `[${binding.host.toLowerCase()}]`, ...(binding.allowedHosts ?? []).map((h) => h.toLowerCase())];
  return names.includes(name);
}

/** Why a request that changes something is not from the UI's own pages, or undefined when it is. */
export function crossOriginReason(request: { method: string; origin?: string; secFetchSite?: string; referer?: string }, ownOrigin: string): string | undefined {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return undefined;
  if (request.origin !== undefined) return request.origin === ownOrigin ? undefined : `its Origin is ${request.origin}, not ${ownOrigin}`;
  if (request.secFetchSite === 'cross-site' || request.secFetchSite === 'same-site') return `it comes from another site (Sec-Fetch-Site: ${request.secFetchSite})`;
  if (request.referer !== undefined) {
    let from: string;
    try {
      from = new URL(request.referer).origin;
    } catch {
      return `its Referer is not a URL`;
    }
    if (from !== ownOrigin) return `it comes from ${from}, not ${ownOrigin}`;
  }
  return undefined;
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refused(c: Context, status: 401 | 403 | 421, title: string, message: string): Response {
  c.header('cache-control', 'no-store');
  return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · assetflow</title></head><body><h1>${title}</h1><p>${escapeHtml(message)}</p></body></html>`, status);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The middleware {@link createUiApp} puts in front of every route (so every POST route of every
 * section is protected without doing anything): Host, then token, then Origin for requests that
 * are not GET or HEAD.
 */
export function uiGuards(binding: UiBinding): MiddlewareHandler {
  return async (c, next) => {
    const hostHeader = c.req.header('host');
    if (!hostAllowed(hostHeader, binding)) {
      return refused(c, 421, 'Unknown host', `This asset UI answers only to its own address; the Host header ${JSON.stringify(hostHeader ?? '')} is not it (a page on another domain may be trying to reach it).`);
    }
    if (binding.token !== undefined) {
      const fromQuery = c.req.query('token');
      if (fromQuery !== undefined && c.req.method === 'GET' && sameSecret(fromQuery, binding.token)) {
        setCookie(c, TOKEN_COOKIE, binding.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
        const url = new URL(c.req.url);
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (!sameSecret(bearer, binding.token) && !sameSecret(getCookie(c, TOKEN_COOKIE), binding.token)) {
        return refused(c, 401, 'Token required', 'This asset UI needs its token: open the URL with ?token=… that `assetflow dev` printed, or send Authorization: Bearer <token>.');
      }
    }
    const ownOrigin = `${new URL(c.req.url).protocol}//${hostHeader}`;
    const reason = crossOriginReason(
      { method: c.req.method, origin: c.req.header('origin'), secFetchSite: c.req.header('sec-fetch-site'), referer: c.req.header('referer') },
      ownOrigin,
    );
    if (reason) return refused(c, 403, 'Cross-origin request refused', `The asset UI refused this ${c.req.method} request because ${reason}: only the UI's own pages may start or cancel work.`);
    await next();
  };
}
