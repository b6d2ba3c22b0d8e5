import { flagInt, flagString } from '../../host/args';
import { exitOnSignals, serve } from '../../host/serve';
import type { CliCommand } from '../command';

export const serveCommand: CliCommand = {
  path: ['serve'],
  usage: 'swb serve [--port N] [--host ADDR] [--token T] [--project FILE]',
  summary: 'Run the core and serve the UI to a browser (127.0.0.1:5170 by default; other addresses need a token).',
  async run(args) {
    const projectPath = flagString(args, 'project');
    const token = flagString(args, 'token') ?? process.env.SWB_TOKEN;
    const { host, shutdown } = await serve({
      host: flagString(args, 'host') ?? '127.0.0.1',
      port: flagInt(args, 'port', 5170),
      ...(token ? { token } : {}),
      ...(projectPath ? { projectPath } : {}),
    });
    exitOnSignals(shutdown);
    process.stdout.write(`Station Workbench serving at ${host.url}\n`);
    await new Promise(() => {}); // run until a signal
    return 0;
  },
};
