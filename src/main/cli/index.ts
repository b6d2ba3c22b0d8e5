import { parseArgs } from '../host/args';
import { CliError, type CliOutput } from './command';
import { commands } from './commands';

// `swb`: the command-line face of the same core. --json prints exactly one JSON document on stdout;
// errors go to stderr with a non-zero exit code.
async function help(): Promise<string> {
  const loaded = await Promise.all(commands.map((c) => c.load()));
  const width = Math.max(...loaded.map((c) => c.usage.length));
  return [
    'swb — Station Workbench command line',
    '',
    'Usage:',
    ...loaded.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --json (machine-readable output), --help',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const json = args.flags.has('json');
  const out: CliOutput = {
    json,
    result: (value, text) => process.stdout.write(`${json ? JSON.stringify(value) : text}\n`),
  };
  if (args.positional.length === 0 || (args.flags.has('help') && args.positional.length === 0)) {
    process.stdout.write(`${await help()}\n`);
    return args.positional.length === 0 && !args.flags.has('help') ? 1 : 0;
  }
  const entry = [...commands].sort((a, b) => b.path.length - a.path.length).find((c) => c.path.every((word, i) => args.positional[i] === word));
  if (!entry) {
    process.stderr.write(`Unknown command '${args.positional.join(' ')}'.\n\n${await help()}\n`);
    return 2;
  }
  const command = await entry.load();
  if (args.flags.has('help')) {
    process.stdout.write(`${command.usage}\n  ${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(args, out);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const exitCode = error instanceof CliError ? error.exitCode : ((error as { exit?: number }).exit ?? 1);
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { message, ...(error instanceof CliError && error.details ? { details: error.details } : {}) } })}\n`);
    process.stderr.write(`swb: ${message}\n`);
    return exitCode;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`swb: ${String(error)}\n`);
    process.exit(1);
  },
);
