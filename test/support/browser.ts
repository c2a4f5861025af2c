import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Where a Chromium is: ASSETFLOW_CHROMIUM, else Debian's /usr/bin/chromium (`apt-get install
 * chromium`; .ci/run installs it when missing), else none.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.ASSETFLOW_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => fs.existsSync(p));
}

/**
 * `describe` for browser tests: runs them when a Chromium is found, else skips them and says so
 * loudly (a warning on stderr naming the fix), so a missing browser is never a silent pass.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumPath()) {
    describe(name, body);
    return;
  }
  process.stderr.write(`\n*** SKIPPED browser tests "${name}": no Chromium found (install it with \`apt-get install chromium\`, or set ASSETFLOW_CHROMIUM to its path) ***\n\n`);
  describe.skip(name, body);
}

/**
 * A headless Chromium (playwright-core driving the system's binary; playwright gives it a fresh
 * temporary profile), with the flags a closed network needs (no background connections, no component updates).
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium found: install it with `apt-get install chromium`, or set ASSETFLOW_CHROMIUM.');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return browser;
}
