import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this module holding package.json (works from src/ and out/). */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function defaultResourcesDir(): string {
  return path.join(appRoot(), 'resources');
}

export function defaultRendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}

/** Per-user data folder; SWB_DATA_DIR overrides it (tests, portable installs). */
export function defaultDataDir(): string {
  return process.env.SWB_DATA_DIR ?? path.join(os.homedir(), '.station-workbench');
}
