import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreEngine, journalPath } from './engine';
import { migrate } from './migrations';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'swb-store-'));
const hasSqlite3 = (() => {
  try {
    execFileSync('sqlite3', ['-version']);
    return true;
  } catch {
    return false;
  }
})();

describe('StoreEngine persistence', () => {
  it('replays acknowledged writes from the journal after an unclean stop', async () => {
    const file = path.join(tmp(), 'p.swb');
    const a = new StoreEngine();
    await a.open(file, { create: true });
    await a.write([{ sql: 'CREATE TABLE t (k TEXT PRIMARY KEY, v REAL)' }]);
    await a.write([{ sql: 'INSERT INTO t VALUES (?, ?)', rows: [['a', 1], ['b', 2.5]] }]);
    expect((await a.info()).journalBytes).toBeGreaterThan(0);
    // No close(): simulate a crash by opening the same file from a fresh engine.
    const b = new StoreEngine();
    await b.open(file, { create: false });
    expect(await b.query('SELECT k, v FROM t ORDER BY k')).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2.5 },
    ]);
    await b.close();
  });

  it('ignores a torn journal tail but keeps every complete record', async () => {
    const file = path.join(tmp(), 'p.swb');
    const a = new StoreEngine();
    await a.open(file, { create: true });
    await a.write([{ sql: 'CREATE TABLE t (n INTEGER)' }]);
    for (let i = 0; i < 5; i++) await a.write([{ sql: 'INSERT INTO t VALUES (?)', params: [i] }]);
    appendFileSync(journalPath(file), Buffer.from([200, 0, 0, 0, 1, 2, 3])); // half a record
    const b = new StoreEngine();
    await b.open(file, { create: false });
    expect(await b.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 5 }]);
  });

  it('refuses to open a missing file unless asked to create it', async () => {
    const e = new StoreEngine();
    await expect(e.open(path.join(tmp(), 'missing.swb'), { create: false })).rejects.toThrow(/not found/);
  });

  it('rolls back a failing batch as a whole and does not journal it', async () => {
    const file = path.join(tmp(), 'p.swb');
    const a = new StoreEngine();
    await a.open(file, { create: true });
    await a.write([{ sql: 'CREATE TABLE t (n INTEGER NOT NULL)' }]);
    await expect(a.write([{ sql: 'INSERT INTO t VALUES (1)' }, { sql: 'INSERT INTO t VALUES (NULL)' }])).rejects.toThrow();
    expect(await a.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 0 }]);
    const b = new StoreEngine();
    await b.open(file, { create: false });
    expect(await b.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 0 }]);
  });

  it('applies migrations once per domain and version', async () => {
    const e = new StoreEngine();
    await e.open(undefined, { create: true });
    const m = [{ domain: 'x', version: 1, name: 'init', sql: 'CREATE TABLE x1 (a INTEGER);\nCREATE TABLE x2 (b INTEGER)' }];
    expect(await migrate(e, m)).toBe(1);
    expect(await migrate(e, m)).toBe(0);
    expect((await e.query<{ name: string }>("SELECT name FROM sqlite_master WHERE name LIKE 'x%' ORDER BY name")).map((r) => r.name)).toEqual(['x1', 'x2']);
  });

  it('save as writes a complete copy and continues in the new file', async () => {
    const dir = tmp();
    const e = new StoreEngine();
    await e.open(path.join(dir, 'a.swb'), { create: true });
    await e.write([{ sql: 'CREATE TABLE t (n INTEGER)' }, { sql: 'INSERT INTO t VALUES (1)' }]);
    await e.saveAs(path.join(dir, 'b.swb'));
    await e.write([{ sql: 'INSERT INTO t VALUES (2)' }]);
    const b = new StoreEngine();
    await b.open(path.join(dir, 'b.swb'), { create: false });
    expect(await b.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 2 }]);
    const a = new StoreEngine();
    await a.open(path.join(dir, 'a.swb'), { create: false });
    expect(await a.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 1 }]);
  });

  it('loses nothing acknowledged when the writer is killed with SIGKILL mid-loop', async () => {
    const file = path.join(tmp(), 'crash.swb');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'testing', 'writeLoop.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastAck = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          const m = /^ack (\d+)$/.exec(line);
          if (m) lastAck = Number(m[1]);
        }
        if (lastAck >= 400) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => (code !== null && code !== 0 ? reject(new Error(`writer exited ${code}: ${stderr}`)) : undefined));
      setTimeout(() => reject(new Error(`writer too slow (last ack ${lastAck}) ${stderr}`)), 25_000);
    });
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(file)).toBe(true);
    if (hasSqlite3) {
      // The checkpointed file is a valid SQLite database even before the journal is replayed.
      expect(execFileSync('sqlite3', [file, 'PRAGMA integrity_check;']).toString().trim()).toBe('ok');
    }
    const reopened = new StoreEngine();
    await reopened.open(file, { create: false });
    const rows = await reopened.query<{ n: number }>('SELECT n FROM samples ORDER BY n');
    expect(rows.length).toBeGreaterThanOrEqual(lastAck);
    rows.slice(0, lastAck).forEach((r, i) => expect(r.n).toBe(i + 1)); // every acknowledged write, in order
    await reopened.close();
    if (hasSqlite3) {
      const count = Number(execFileSync('sqlite3', [file, 'SELECT COUNT(*) FROM samples;']).toString().trim());
      expect(count).toBeGreaterThanOrEqual(lastAck);
    }
  }, 40_000);
});


describe('migrate', () => {
  it('runs a migration listed by two domains only once', async () => {
    const e = new StoreEngine();
    await e.open(undefined, { create: true });
    const shared = { domain: 'shared', version: 1, name: 'shared table', sql: 'CREATE TABLE IF NOT EXISTS s (a INTEGER)' };
    expect(await migrate(e, [shared, { ...shared }])).toBe(1);
  });
});
