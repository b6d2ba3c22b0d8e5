import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppHost {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Console errors seen in the page (tests assert none where it matters). */
  consoleErrors: string[];
}

/** Starts the real headless host (built out/main/headless.js) on a free port with a fresh data dir. */
export async function startHost(extraArgs: string[] = [], dataDir = mkdtempSync(path.join(os.tmpdir(), 'swb-e2e-'))): Promise<AppHost> {
  const child = spawn(process.execPath, [path.join(root, 'out/main/headless.js'), '--port', '0', ...extraArgs], {
    env: { ...process.env, SWB_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`headless host did not start in 30 s\n${out}\n${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`headless host exited with ${code}\n${out}\n${stderr}`)));
  });
  return { url, dataDir, process: child, consoleErrors: [] };
}

export async function stopHost(host: AppHost, removeData = true): Promise<void> {
  if (host.process.exitCode === null) {
    const exited = new Promise((r) => host.process.once('exit', r));
    host.process.kill('SIGTERM');
    await exited;
  }
  if (removeData) rmSync(host.dataDir, { recursive: true, force: true });
}

/** Navigate to an area through the left navigation, as a user would. */
export async function gotoArea(page: Page, area: string): Promise<void> {
  await page.getByTestId(`nav-${area}`).click();
  await expect(page.getByTestId(`page-${area}`)).toBeVisible();
}

export const test = base.extend<{ app: AppHost }>({
  // Automatic: every test gets a fresh headless host and a page already showing it.
  app: [async ({ page }, use) => {
    const host = await startHost();
    page.on('console', (msg) => {
      if (msg.type() === 'error') host.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => host.consoleErrors.push(err.message));
    await page.goto(host.url);
    await expect(page.getByTestId('status-bar')).toBeVisible();
    await use(host);
    await stopHost(host);
  }, { auto: true }],
});

export { expect };

/** Screenshots for humans to look at: e2e/screenshots/<name>.png (not committed). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(root, 'test-results', 'screenshots', `${name}.png`), fullPage: false });
}
