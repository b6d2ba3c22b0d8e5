import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_FRAME_HEX } from '#shared/frame/testing/referenceFrame';

/*
 * Runs the BUILT command-line tool (out/main/cli.js) in a child process, as a user would. The
 * build is made once when it is missing or predates the parse command.
 */

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'out', 'main', 'cli.js');
const schema = path.join(root, 'resources', 'demo', 'schemas', 'pump-telemetry.json');
let tmp: string;

function swb(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, SWB_DATA_DIR: tmp } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'swb-parse-'));
  if (!existsSync(cli) || !readFileSync(cli, 'utf8').includes('swb parse --schema')) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore', timeout: 300_000 });
  }
}, 320_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Each run starts the whole CLI bundle (every command's imports), a few seconds on a loaded machine.
describe('swb parse (built CLI)', { timeout: 120_000 }, () => {
  it('decodes the reference frame to the documented values', () => {
    const r = swb('parse', '--schema', schema, '--hex', REFERENCE_FRAME_HEX, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; fields: Record<string, unknown> };
    expect(doc.ok).toBe(true);
    expect(doc.fields).toMatchObject({
      sync: 'AA55',
      station_id: 7,
      seq: 4660,
      unix_time: 1735689600,
      suction_pressure: -0.35,
      discharge_pressure: 4.82,
      flow_rate: 312.5,
      energy_today: 1234.5,
      status: { pump_running: true, pump_fault: false, remote_mode: true, high_level: true },
      crc: 0x1e3e,
    });
  });

  it('reads a binary file and prints a readable table with units', () => {
    const bin = path.join(tmp, 'frame.bin');
    writeFileSync(bin, Buffer.from(REFERENCE_FRAME_HEX, 'hex'));
    const r = swb('parse', '--schema', schema, '--file', bin);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/suction_pressure\s+-0\.35 bar\s+@10\+2/);
    expect(r.stdout).toMatch(/status\.pump_running\s+true/);
  });

  it('prints the typed error and exits 1 on a corrupted frame', () => {
    const bad = REFERENCE_FRAME_HEX.slice(0, -2) + '1F';
    const r = swb('parse', '--schema', schema, '--hex', bad, '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; path: string; offset: number; message: string } };
    expect(doc).toMatchObject({ ok: false, error: { code: 'BAD_CHECKSUM', path: 'crc', offset: 62 } });
    expect(doc.error.message).toContain('CRC-16/MODBUS');
    const short = swb('parse', '--schema', schema, '--hex', REFERENCE_FRAME_HEX.slice(0, 40), '--json');
    expect(short.code).toBe(1);
    expect(JSON.parse(short.stdout).error.code).toBe('TRUNCATED');
  });

  it('names the problem with bad arguments and schemas', () => {
    expect(swb('parse', '--schema', schema, '--hex', 'AZ').stderr).toContain("not a hex digit: 'Z'");
    expect(swb('parse', '--schema', schema).stderr).toContain('exactly one of --hex or --file');
    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, JSON.stringify({ formatVersion: 1, name: 'b', fields: [{ name: 'x', type: 'u16', byteOrder: 'XY' }] }));
    const r = swb('parse', '--schema', broken, '--hex', '0001');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('x');
    expect(r.stderr).toContain('byteOrder');
  });
});
