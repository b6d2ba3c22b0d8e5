import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const headless = path.join(root, 'out', 'main', 'headless.js');

describe('headless host lifecycle (built app)', () => {
  it('prints its URL, and on Ctrl-C closes its port and checkpoints the project', async () => {
    if (!existsSync(headless)) throw new Error('out/main/headless.js is missing: run `npm run build` first (npm test does).');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'swb-life-'));
    const child = spawn(process.execPath, [headless, '--port', '0'], { env: { ...process.env, SWB_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
    });
    expect((await fetch(url)).status).toBe(200);
    const exitCode = await new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGINT');
    });
    expect(exitCode).toBe(0);
    await expect(fetch(url)).rejects.toThrow(); // the port is closed
    const project = path.join(dataDir, 'projects', 'demo-station.swb');
    expect(existsSync(project)).toBe(true);
    const journal = `${project}.journal`;
    expect(!existsSync(journal) || statSync(journal).size === 0).toBe(true); // everything checkpointed
    try {
      expect(execFileSync('sqlite3', [project, "SELECT value FROM project_meta WHERE key = 'name';"]).toString()).toMatch(/Demo station/);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // sqlite3 CLI not installed
    }
  }, 60_000);
});
