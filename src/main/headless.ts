import { flagInt, flagString, parseArgs } from './host/args';
import { exitOnSignals, serve } from './host/serve';

// Plain-Node entry: the same core as the desktop app, serving the UI to a browser.
// Usage: node out/main/headless.js [--port 5170] [--host 127.0.0.1] [--token T] [--project FILE]
const args = parseArgs(process.argv.slice(2));
try {
  const port = flagInt(args, 'port', 5170);
  const host = flagString(args, 'host') ?? '127.0.0.1';
  const token = flagString(args, 'token') ?? process.env.SWB_TOKEN;
  const projectPath = flagString(args, 'project');
  const dataDir = flagString(args, 'data-dir');
  const { host: ui, core, shutdown } = await serve({ host, port, ...(token ? { token } : {}), ...(projectPath ? { projectPath } : {}), ...(dataDir ? { dataDir } : {}) });
  exitOnSignals(shutdown);
  const info = await core.projectInfo();
  process.stdout.write(`Station Workbench (headless) serving project "${info.meta.name}" (${info.path ?? 'unsaved'})\n`);
  process.stdout.write(`Open ${ui.url}\n`);
  if (ui.token) process.stdout.write('This address is reachable from the network: the URL above carries the access token; keep it private.\n');
} catch (error) {
  process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
