/**
 * `assetflow dev` serves the asset UI beside its worker and prints its address next to Temporal
 * Web's: on the port asked for with --ui-port; on another free port (and says so) when the
 * default one is taken; not at all with --no-ui.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { freePort } from '../temporal/dev-server';
import { DEFAULT_UI_PORT } from '../ui/server';
import { cliEnv, startCli, type CliProcess } from './support/cli-process';
import { tempStorage, testTarget } from './support/temporal';

const ROOT = path.join(__dirname, '..');
const DEFS = path.join(ROOT, 'test', 'fixtures', 'catalog-cli-definitions.ts');
const env = () => cliEnv({ TEMPORAL_ADDRESS: testTarget().address, TEMPORAL_UI_URL: 'http://localhost:8233', ASSETFLOW_TASK_QUEUE: `dev-ui-${randomUUID()}`, ASSETFLOW_STORAGE: tempStorage('dev-ui') });

async function withDev<T>(args: string[], fn: (dev: CliProcess) => Promise<T>): Promise<T> {
  const dev = startCli(['dev', '--defs', DEFS, ...args], { cwd: ROOT, env: env() });
  try {
    await dev.waitFor(/Worker polling it/);
    return await fn(dev);
  } finally {
    await dev.stop();
  }
}

test('--ui-port: the UI is served there, its address printed beside Temporal Web; the page lists the assets', async () => {
  const port = await freePort();
  await withDev(['--ui-port', String(port)], async (dev) => {
    expect(dev.stdout()).toContain('Temporal Web: http://localhost:8233');
    expect(dev.stdout()).toContain(`Asset UI: http://127.0.0.1:${port}\n`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const key of ['customers', 'flaky', 'visits', 'untouched']) expect(html).toContain(`data-key="${key}"`);
  });
}, 60_000);

test('the default port taken: another free port, and the line says so; --no-ui: no UI', async () => {
  // Hold the default port (if something else already holds it, the case is the same).
  const holder = http.createServer();
  await new Promise<void>((resolve) => holder.once('error', () => resolve()).listen(DEFAULT_UI_PORT, '127.0.0.1', () => resolve()));
  try {
    await withDev([], async (dev) => {
      const line = /Asset UI: http:\/\/127\.0\.0\.1:(\d+) \(port 3300 is taken; --ui-port picks another\)/.exec(dev.stdout());
      expect(line).not.toBeNull();
      expect(Number(line![1])).not.toBe(DEFAULT_UI_PORT);
      expect((await fetch(`http://127.0.0.1:${line![1]}/healthz`)).status).toBe(200);
    });
  } finally {
    holder.close();
  }
  await withDev(['--no-ui'], async (dev) => {
    expect(dev.stdout()).not.toContain('Asset UI');
  });
}, 90_000);
