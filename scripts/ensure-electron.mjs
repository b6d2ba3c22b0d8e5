// Runs after `npm install` / `npm ci` at the project root.
// npm 11 blocks dependency install scripts unless allowed, and package.json denies electron's own
// postinstall (it downloads the Electron binary and fails the whole install when that is impossible).
// Here we try that download ourselves and treat failure as "no Electron binary on this machine":
// `npm start` then falls back to the headless host. A normal laptop still gets the real Electron.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('[station-workbench] ELECTRON_SKIP_BINARY_DOWNLOAD set: not fetching the Electron binary (headless mode only).');
  process.exit(0);
}
let electronDir;
try {
  electronDir = path.dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without dev dependencies
}
if (existsSync(path.join(electronDir, 'path.txt'))) process.exit(0); // binary already present
const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 5 * 60_000,
  env: process.env,
});
if (result.status === 0) {
  console.log('[station-workbench] Electron binary installed.');
} else {
  console.log('[station-workbench] The Electron binary could not be downloaded on this machine;');
  console.log('[station-workbench] `npm start` will run the headless host and serve the UI to a browser.');
}
process.exit(0);
