import { launchBrowser, describeInBrowser } from '../test/support/browser';
import { startAssetUi, type AssetUi } from './server';

describeInBrowser('the asset UI server in a real browser', () => {
  let ui: AssetUi;
  beforeAll(async () => {
    ui = await startAssetUi({ definitions: {} as never, client: {} as never, namespace: 'default' });
  });
  afterAll(() => ui.close());

  test('serves its client libraries and stylesheet; unknown static names are 404', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const htmx = await page.goto(`${ui.url}/static/htmx.min.js`);
      expect(htmx?.status()).toBe(200);
      expect(htmx?.headers()['content-type']).toMatch(/javascript/);
      expect((await page.goto(`${ui.url}/static/ui.css`))?.status()).toBe(200);
      expect((await page.goto(`${ui.url}/static/app.ts`))?.status()).toBe(404);
    } finally {
      await browser.close();
    }
  });
});
