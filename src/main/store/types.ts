/** A value that can be bound to a SQL parameter and written to the journal. */
export type SqlValue = number | string | null | Uint8Array;
export type SqlParams = SqlValue[];

/** One write: a statement with params, or a prepared statement run once per row. */
export type WriteStatement = { sql: string; params?: SqlParams } | { sql: string; rows: SqlParams[] };

export interface WriteResult {
  changes: number;
  lastInsertRowid: number;
}

export interface StoreInfo {
  path: string | undefined;
  sizeBytes: number;
  journalBytes: number;
  lastCheckpointAt: number | undefined;
  lsn: number;
}

/**
 * The project database. Implemented in-process (StoreEngine, for unit tests and the CLI) and by a
 * proxy to the store worker (the app). Writes resolve only once journaled and fsynced.
 */
export interface IStore {
  open(path: string | undefined, options: { create: boolean }): Promise<StoreInfo>;
  query<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): Promise<T[]>;
  write(statements: WriteStatement[]): Promise<WriteResult[]>;
  checkpoint(): Promise<StoreInfo>;
  saveAs(path: string): Promise<StoreInfo>;
  info(): Promise<StoreInfo>;
  close(): Promise<void>;
}
