// `npm start`: the desktop app where Electron's binary exists; otherwise (or with --headless) the
// same core in plain Node serving the UI at http://127.0.0.1:5170 (--port N to change).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const headlessRequested = args.includes('--headless');
const passThrough = args.filter((a) => a !== '--headless');

function electronBinary() {
  try {
    const require = createRequire(import.meta.url);
    const binary = require('electron'); // the package exports the binary path, or throws without it
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const built = path.join(root, 'out', 'main', 'headless.js');
if (!existsSync(built) || newestMtime(path.join(root, 'src')) > statSync(built).mtimeMs) {
  console.log('Building Station Workbench...');
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const electron = headlessRequested ? undefined : electronBinary();
const child = electron
  ? spawn(electron, [root, ...passThrough], { stdio: 'inherit' })
  : (console.log(headlessRequested ? 'Starting headless.' : 'No Electron binary on this machine: starting headless.'),
    spawn(process.execPath, [built, ...passThrough], { stdio: 'inherit' }));
// Ctrl-C reaches the child through the terminal's process group; wait for its clean shutdown.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));
