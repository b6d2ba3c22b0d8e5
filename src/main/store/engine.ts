import { existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import type { Database, SqlValue as SqlJsValue } from 'sql.js';
import { writeFileAtomic } from './atomicWrite';
import { Journal } from './journal';
import { loadSqlJs } from './sqlJs';
import type { IStore, SqlParams, StoreInfo, SqlValue, WriteResult, WriteStatement } from './types';

/** Pragmas are connection state that sql.js's export() resets, so they are applied after every export. */
const PRAGMAS = 'PRAGMA foreign_keys = ON;';
const META_DDL = 'CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)';

export interface EngineOptions {
  /** Checkpoint automatically once the journal grows past this many bytes. */
  journalCheckpointBytes?: number;
}

/**
 * The project database in this thread: sql.js plus journal and checkpoint persistence.
 * A write batch runs in one transaction, is appended to the journal and fsynced, then acknowledged.
 * A checkpoint exports the database atomically over the project file and empties the journal.
 */
export class StoreEngine implements IStore {
  private db: Database | undefined;
  private path: string | undefined;
  private journal: Journal | undefined;
  private lsn = 0;
  private lastCheckpointAt: number | undefined;
  private readonly journalCheckpointBytes: number;

  constructor(options: EngineOptions = {}) {
    this.journalCheckpointBytes = options.journalCheckpointBytes ?? 32 * 1024 * 1024;
  }

  async open(path: string | undefined, options: { create: boolean }): Promise<StoreInfo> {
    await this.close();
    const SQL = await loadSqlJs();
    if (path && existsSync(path)) {
      this.db = new SQL.Database(readFileSync(path));
      this.lastCheckpointAt = statSync(path).mtimeMs;
    } else if (path && !options.create) {
      throw new Error(`Project file not found: ${path}`);
    } else {
      this.db = new SQL.Database();
      this.lastCheckpointAt = undefined;
    }
    this.path = path;
    this.db.exec(PRAGMAS);
    this.db.exec(META_DDL);
    const checkpointLsn = Number(this.metaGet('checkpoint_lsn') ?? '0');
    this.lsn = checkpointLsn;
    if (path) {
      // Replay what was acknowledged after the last checkpoint.
      const { records } = Journal.read(journalPath(path));
      for (const record of records) {
        if (record.lsn <= checkpointLsn) continue;
        this.apply(record.stmts);
        this.lsn = record.lsn;
      }
      this.journal = new Journal(journalPath(path));
      if (records.length > 0 || !existsSync(path)) await this.checkpoint();
    }
    return this.info();
  }

  async query<T = Record<string, SqlValue>>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.querySync<T>(sql, params);
  }

  querySync<T = Record<string, SqlValue>>(sql: string, params: SqlParams = []): T[] {
    const db = this.requireDb();
    const stmt = db.prepare(sql);
    try {
      stmt.bind(params as SqlJsValue[]);
      const rows: T[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as T);
      return rows;
    } finally {
      stmt.free();
    }
  }

  async write(statements: WriteStatement[]): Promise<WriteResult[]> {
    const results = this.apply(statements);
    this.lsn += 1;
    this.journal?.append({ lsn: this.lsn, stmts: statements });
    if (this.journal && this.journal.size() > this.journalCheckpointBytes) await this.checkpoint();
    return results;
  }

  async checkpoint(): Promise<StoreInfo> {
    const db = this.requireDb();
    if (!this.path) return this.info();
    this.metaSet('checkpoint_lsn', String(this.lsn));
    const bytes = db.export();
    db.exec(PRAGMAS);
    writeFileAtomic(this.path, bytes);
    this.journal?.reset();
    this.lastCheckpointAt = Date.now();
    return this.info();
  }

  async saveAs(path: string): Promise<StoreInfo> {
    const oldJournal = this.journal;
    this.path = path;
    if (existsSync(journalPath(path))) unlinkSync(journalPath(path));
    this.journal = new Journal(journalPath(path));
    await this.checkpoint();
    // The old file keeps its own checkpoint; its journal stays valid for it.
    oldJournal?.close();
    return this.info();
  }

  async info(): Promise<StoreInfo> {
    const db = this.requireDb();
    const pageCount = Number(db.exec('PRAGMA page_count')[0]?.values[0]?.[0] ?? 0);
    const pageSize = Number(db.exec('PRAGMA page_size')[0]?.values[0]?.[0] ?? 4096);
    return {
      path: this.path,
      sizeBytes: pageCount * pageSize,
      journalBytes: this.journal?.size() ?? 0,
      lastCheckpointAt: this.lastCheckpointAt,
      lsn: this.lsn,
    };
  }

  async close(): Promise<void> {
    if (!this.db) return;
    if (this.path) await this.checkpoint();
    this.journal?.close();
    this.db.close();
    this.db = undefined;
    this.journal = undefined;
    this.path = undefined;
  }

  private apply(statements: WriteStatement[]): WriteResult[] {
    const db = this.requireDb();
    const results: WriteResult[] = [];
    db.exec('BEGIN');
    try {
      for (const statement of statements) {
        const stmt = db.prepare(statement.sql);
        try {
          const rows = 'rows' in statement ? statement.rows : [statement.params ?? []];
          let changes = 0;
          for (const row of rows) {
            stmt.run(row as SqlJsValue[]);
            changes += db.getRowsModified();
          }
          results.push({ changes, lastInsertRowid: Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0] ?? 0) });
        } finally {
          stmt.free();
        }
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    return results;
  }

  private metaGet(key: string): string | undefined {
    const row = this.querySync<{ value: string }>('SELECT value FROM _meta WHERE key = ?', [key])[0];
    return row?.value;
  }

  private metaSet(key: string, value: string): void {
    this.requireDb().run('INSERT INTO _meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  private requireDb(): Database {
    if (!this.db) throw new Error('No project is open');
    return this.db;
  }
}

export function journalPath(projectPath: string): string {
  return `${projectPath}.journal`;
}
