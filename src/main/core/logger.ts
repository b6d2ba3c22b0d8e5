export interface Logger {
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

/** Logs to stderr so that `--json` CLI output on stdout stays one clean document. */
export function createLogger(prefix: string, quiet = false): Logger {
  const write = (level: string, message: string, data?: unknown) => {
    if (quiet && level === 'info') return;
    const suffix = data === undefined ? '' : ` ${data instanceof Error ? data.stack ?? data.message : JSON.stringify(data)}`;
    process.stderr.write(`${new Date().toISOString()} ${level} [${prefix}] ${message}${suffix}\n`);
  };
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}
