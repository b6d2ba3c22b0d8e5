import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'swb-cli-'));
const env = { SWB_DATA_DIR: dir };

describe('swb CLI', () => {
  it('--help lists the commands', () => {
    const r = runCli(['--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('swb project new FILE');
    expect(r.stdout).toContain('swb serve');
  });

  it('project new + project info --json print one JSON document', () => {
    const file = path.join(dir, 'station-a.swb');
    const created = runCli(['project', 'new', file, '--name', 'Station A', '--json'], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ path: file, meta: { name: 'Station A' } });
    const info = runCli(['project', 'info', file, '--json'], env);
    expect(info.code).toBe(0);
    const doc = JSON.parse(info.stdout) as { meta: { name: string }; tables: Array<{ name: string; rows: number }> };
    expect(doc.meta.name).toBe('Station A');
    expect(doc.tables.find((t) => t.name === 'events')?.rows).toBeGreaterThan(0);
  });

  it('errors go to stderr with a non-zero exit code', () => {
    const missing = runCli(['project', 'info', path.join(dir, 'nope.swb'), '--json'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('not found');
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false });
    const garbage = path.join(dir, 'garbage.swb');
    writeFileSync(garbage, 'not a database');
    const bad = runCli(['project', 'info', garbage], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('not a Station Workbench project');
    const unknown = runCli(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command 'frobnicate'");
    const exists = runCli(['project', 'new', path.join(dir, 'station-a.swb')], env);
    expect(exists.code).not.toBe(0);
  });
});
