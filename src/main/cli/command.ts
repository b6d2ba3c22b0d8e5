import type { ParsedArgs } from '../host/args';

/** A CLI failure: printed to stderr (or as JSON with --json) with a non-zero exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface CliCommand {
  /** Words that select the command, e.g. ['project', 'new']. */
  path: string[];
  usage: string;
  summary: string;
  /** Returns the exit code. Output goes through `out` so `--json` stays one document on stdout. */
  run(args: ParsedArgs, out: CliOutput): Promise<number>;
}

export interface CliOutput {
  json: boolean;
  /** Print the result: the JSON document in --json mode, otherwise `text`. */
  result(value: unknown, text: string): void;
}

/**
 * What the CLI knows about a command before loading it: commands are imported only when run, so
 * `swb optimize` does not pay for the PDF, spreadsheet and project-store code of other commands.
 */
export interface CliCommandEntry {
  path: string[];
  load: () => Promise<CliCommand>;
}
