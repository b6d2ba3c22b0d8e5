import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Finds a Chromium for the e2e tests: $SWB_CHROMIUM / $CHROMIUM_PATH, the usual system paths,
 * then Playwright's own browser cache. Where none exists, tries to install Debian's chromium (as
 * root with apt); otherwise stops with a message that says exactly what to install.
 */
export function findChromium(): string {
  const fromEnv = process.env.SWB_CHROMIUM ?? process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'];
  const found = candidates.find((p) => existsSync(p)) ?? fromPlaywrightCache();
  if (found) return found;
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    try {
      execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
      if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
    } catch {
      // fall through to the message
    }
  }
  throw new Error(
    'No Chromium found for the end-to-end tests. Install one: on Debian/Ubuntu `sudo apt-get install chromium`; elsewhere `npx playwright install chromium` (needs internet); or set SWB_CHROMIUM=/path/to/chrome.',
  );
}

function fromPlaywrightCache(): string | undefined {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? path.join(os.homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return undefined;
  for (const dir of readdirSync(cache).filter((d) => d.startsWith('chromium')).sort().reverse()) {
    for (const rel of ['chrome-linux/chrome', 'chrome-linux64/chrome', 'chrome-mac/Chromium.app/Contents/MacOS/Chromium', 'chrome-win/chrome.exe']) {
      const p = path.join(cache, dir, rel);
      if (existsSync(p)) return p;
    }
  }
  return undefined;
}

/** Flags for a root-run, offline, headless Chromium (no background network chatter). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
