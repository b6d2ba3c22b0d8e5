/** Size limits of the data area, with the reasons for each number. */

/** Largest file imported by path or upload: 512 MiB (a 1,000,000-row, 8-column logger CSV is about 70 MiB). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
/** Largest upload chunk: 1 MiB of bytes (2 MiB as hex), well under the 16 MiB WebSocket message limit. */
export const MAX_UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** Concurrent unfinished uploads per core (each holds a temp file). */
export const MAX_OPEN_UPLOADS = 8;
/** An upload untouched this long is dropped with its temp file. */
export const UPLOAD_IDLE_MS = 60 * 60 * 1000;
/** Most data rows one dataset may hold: the project lives in memory (sql.js) within its budget. */
export const MAX_DATASET_ROWS = 2_000_000;
/** Most columns one import may produce. */
export const MAX_COLUMNS = 64;
/** Invalid rows kept in a report (the count is always exact). */
export const MAX_INVALID_REPORTED = 10_000;
/** Rows per store write (one transaction each): large enough to amortise fsync, small enough to yield often. */
export const WRITE_BATCH_ROWS = 20_000;
/** Bytes read for preview and dialect detection. */
export const PREVIEW_BYTES = 256 * 1024;
/** Largest CSV text returned by export over the contract (bigger exports go to a file path). */
export const MAX_EXPORT_TEXT_BYTES = 32 * 1024 * 1024;
