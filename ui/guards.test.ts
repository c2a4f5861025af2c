import { Hono } from 'hono';
import { crossOriginReason, hostAllowed, isLoopback, resolveBinding, TOKEN_COOKIE, uiGuards, type UiBinding } from './guards';
import { startAssetUi } from './server';

/** A tiny app behind the guards: a page and a POST action, like the UI's sections. */
function guarded(binding: UiBinding): Hono {
  const app = new Hono();
  app.use('*', uiGuards(binding));
  app.get('/', (c) => c.text('page'));
  app.post('/launch', (c) => c.text('launched'));
  return app;
}

describe('Host header (DNS rebinding)', () => {
  const binding: UiBinding = { host: '127.0.0.1', port: 3300 };
  test.each(['127.0.0.1:3300', 'localhost:3300', '[::1]:3300', 'LOCALHOST:3300'])('%s is answered', (host) => expect(hostAllowed(host, binding)).toBe(true));
  test.each(['evil.example:3300', '127.0.0.1:3301', '127.0.0.1', 'localhost.evil.example:3300', '', 'a:b:c'])('%j is refused', (host) => expect(hostAllowed(host, binding)).toBe(false));
  test('no Host header is refused', () => expect(hostAllowed(undefined, binding)).toBe(false));
  test('the configured host and extra names are answered; a wildcard bind answers any name only with a token', () => {
    expect(hostAllowed('10.0.0.5:80', { host: '10.0.0.5', port: 80, token: 't' })).toBe(true);
    expect(hostAllowed('ui.internal:80', { host: '10.0.0.5', port: 80, token: 't', allowedHosts: ['ui.internal'] })).toBe(true);
    expect(hostAllowed('anything:80', { host: '0.0.0.0', port: 80, token: 't' })).toBe(true);
    expect(hostAllowed('anything:80', { host: '0.0.0.0', port: 80 })).toBe(false);
  });
  test('an app not yet listening (no port) answers loopback names on any port', () => {
    expect(hostAllowed('localhost', { host: '127.0.0.1' })).toBe(true);
    expect(hostAllowed('localhost:1234', { host: '127.0.0.1' })).toBe(true);
    expect(hostAllowed('evil.example', { host: '127.0.0.1' })).toBe(false);
  });
  test('a request with an unknown Host gets 421 and says why', async () => {
    const res = await guarded(binding).request('http://evil.example:3300/', { headers: { host: 'evil.example:3300' } });
    expect(res.status).toBe(421);
    expect(await res.text()).toContain('answers only to its own address');
  });
});

describe('Origin of requests that change something', () => {
  const own = 'http://127.0.0.1:3300';
  test('GET and HEAD are never refused for their origin', () => {
    expect(crossOriginReason({ method: 'GET', origin: 'https://evil.example' }, own)).toBeUndefined();
    expect(crossOriginReason({ method: 'HEAD', secFetchSite: 'cross-site' }, own)).toBeUndefined();
  });
  test('a POST from the UI itself, or from a client that is no browser (no Origin, no Referer), passes', () => {
    expect(crossOriginReason({ method: 'POST', origin: own }, own)).toBeUndefined();
    expect(crossOriginReason({ method: 'POST', secFetchSite: 'same-origin', referer: `${own}/assets/a` }, own)).toBeUndefined();
    expect(crossOriginReason({ method: 'POST' }, own)).toBeUndefined();
  });
  test('a POST from another origin, a null origin, another site or a foreign Referer is refused', () => {
    expect(crossOriginReason({ method: 'POST', origin: 'http://127.0.0.1:8080' }, own)).toMatch(/Origin is http:\/\/127\.0\.0\.1:8080, not http:\/\/127\.0\.0\.1:3300/);
    expect(crossOriginReason({ method: 'DELETE', origin: 'null' }, own)).toMatch(/Origin is null/);
    expect(crossOriginReason({ method: 'POST', secFetchSite: 'cross-site' }, own)).toMatch(/another site/);
    expect(crossOriginReason({ method: 'PUT', referer: 'https://evil.example/page' }, own)).toMatch(/comes from https:\/\/evil\.example/);
  });
  test('the middleware answers 403 with a clear message and lets same-origin POSTs through', async () => {
    const app = guarded({ host: '127.0.0.1', port: 3300 });
    const headers = { host: '127.0.0.1:3300' };
    const refused = await app.request(`${own}/launch`, { method: 'POST', headers: { ...headers, origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/refused this POST request because its Origin is https:\/\/evil\.example/);
    const ok = await app.request(`${own}/launch`, { method: 'POST', headers: { ...headers, origin: own } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('launched');
  });
});

describe('token', () => {
  test('loopback needs none; any other interface refuses to start without one, naming ASSETFLOW_UI_TOKEN', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.1.2.3')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(resolveBinding('127.0.0.1', undefined, {})).toEqual({ host: '127.0.0.1' });
    expect(() => resolveBinding('0.0.0.0', undefined, {})).toThrow(/ASSETFLOW_UI_TOKEN .*when the asset UI binds 0\.0\.0\.0/);
    expect(resolveBinding('0.0.0.0', undefined, { ASSETFLOW_UI_TOKEN: 's3cret' })).toEqual({ host: '0.0.0.0', token: 's3cret' });
    expect(resolveBinding('0.0.0.0', 'given', { ASSETFLOW_UI_TOKEN: 's3cret' }).token).toBe('given');
  });

  test('startAssetUi on 0.0.0.0 without a token does not start', async () => {
    const saved = process.env.ASSETFLOW_UI_TOKEN;
    delete process.env.ASSETFLOW_UI_TOKEN;
    try {
      await expect(startAssetUi({ definitions: {} as never, client: {} as never, namespace: 'default', host: '0.0.0.0' })).rejects.toThrow(/ASSETFLOW_UI_TOKEN/);
    } finally {
      if (saved !== undefined) process.env.ASSETFLOW_UI_TOKEN = saved;
    }
  });

  test('requests need the token as a bearer or the cookie a visit to ?token= sets', async () => {
    const app = guarded({ host: '0.0.0.0', port: 3300, token: 's3cret' });
    const url = 'http://10.1.2.3:3300';
    const headers = { host: '10.1.2.3:3300' };
    expect((await app.request(`${url}/`, { headers })).status).toBe(401);
    expect((await app.request(`${url}/`, { headers: { ...headers, authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await app.request(`${url}/`, { headers: { ...headers, authorization: 'Bearer s3cret' } })).status).toBe(200);
    const visit = await app.request(`${url}/?token=s3cret&group=sales`, { headers });
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/?group=sales');
    const cookie = visit.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${TOKEN_COOKIE}=s3cret;.*HttpOnly`));
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await app.request(`${url}/`, { headers: { ...headers, cookie: `${TOKEN_COOKIE}=s3cret` } })).status).toBe(200);
    expect((await app.request(`${url}/?token=wrong`, { headers })).status).toBe(401);
    // The token does not excuse a cross-origin POST.
    const post = await app.request(`${url}/launch`, { method: 'POST', headers: { ...headers, authorization: 'Bearer s3cret', origin: 'https://evil.example' } });
    expect(post.status).toBe(403);
  });
});
