import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

const RETRYABLE = new Set(['EPERM', 'EBUSY', 'EACCES']);

/**
 * Replace `target` with `bytes` so that a crash leaves either the old or the new file, never a mix:
 * temp file in the same directory, fsync, rename over the target, fsync the directory (POSIX).
 * Rename is retried briefly because virus scanners on Windows hold files open.
 */
export function writeFileAtomic(target: string, bytes: Uint8Array): void {
  const tmp = `${target}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(tmp, target);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!RETRYABLE.has(code) || attempt >= 20) {
        try {
          unlinkSync(tmp);
        } catch {
          // best effort
        }
        throw error;
      }
      const until = Date.now() + 100;
      while (Date.now() < until) {
        // short synchronous back-off; this runs in the store worker, never on the UI thread
      }
    }
  }
  if (process.platform !== 'win32') {
    const dirFd = openSync(path.dirname(target), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
