import type { CoreConfig } from '../core/config';
import { createCore, type Core } from '../core/createCore';
import { defaultDataDir, defaultRendererDir, defaultResourcesDir } from '../core/paths';
import { startUiHost, type UiHost } from './uiHost';

export interface ServeOptions {
  host: string;
  port: number;
  token?: string;
  projectPath?: string;
  dataDir?: string;
  config?: Partial<CoreConfig>;
}

/** Starts a core plus the headless UI host; shared by `npm start -- --headless`, `swb serve` and e2e fixtures. */
export async function serve(options: ServeOptions): Promise<{ core: Core; host: UiHost; shutdown: () => Promise<void> }> {
  const core = await createCore({
    host: 'headless',
    dataDir: options.dataDir ?? defaultDataDir(),
    resourcesDir: defaultResourcesDir(),
    startServices: true,
    ...(options.projectPath ? { projectPath: options.projectPath } : {}),
    ...options.config,
  });
  let host: UiHost;
  try {
    host = await startUiHost(core, { host: options.host, port: options.port, rendererDir: defaultRendererDir(), ...(options.token ? { token: options.token } : {}) });
  } catch (error) {
    await core.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`Port ${options.port} on ${options.host} is already in use; choose another with --port N`);
    throw error;
  }
  let closing: Promise<void> | undefined;
  const shutdown = () => (closing ??= host.close().then(() => core.close()));
  return { core, host, shutdown };
}

/** Ctrl-C / SIGTERM: close sockets, checkpoint the project, exit. A second Ctrl-C exits at once. */
export function exitOnSignals(shutdown: () => Promise<void>): void {
  let signalled = false;
  const onSignal = (signal: string) => {
    if (signalled) process.exit(130);
    signalled = true;
    process.stderr.write(`\n${signal}: shutting down (closing sockets, checkpointing the project)...\n`);
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}
