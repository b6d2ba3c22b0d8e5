import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compileSchema } from '#shared/frame/compile';
import { parseHex } from '#shared/frame/hex';
import { decodeWithLayout } from '#shared/frame/layout';
import type { FieldSpec, FrameSchema } from '#shared/frame/schema';
import { validateSchema } from '#shared/frame/validate';
import { flagString } from '../../host/args';
import { toJsonFields, toJsonValue } from '../../schemas/jsonValues';
import { CliError, type CliCommand } from '../command';

/** Largest binary accepted by --file: a frame is at most 1 MiB; this leaves room for a clear error. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

const USAGE = 'swb parse --schema FILE (--hex HEX | --file BIN) [--json]';

function readSchema(file: string): FrameSchema {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read schema ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CliError(`Schema ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
  const checked = validateSchema(doc);
  if (!checked.ok) {
    const first = checked.issues[0]!;
    throw new CliError(`Schema ${file} is invalid: ${first.path || 'schema'}${first.pointer ? ` (${first.pointer})` : ''}: ${first.message}${checked.issues.length > 1 ? ` (+${checked.issues.length - 1} more)` : ''}`, 2, { issues: checked.issues });
  }
  return checked.schema;
}

function readFrame(hex: string | undefined, file: string | undefined): Uint8Array {
  if ((hex === undefined) === (file === undefined)) throw new CliError(`Give exactly one of --hex or --file. Usage: ${USAGE}`, 2);
  if (hex !== undefined) {
    const parsed = parseHex(hex);
    if (!parsed.ok) throw new CliError(`--hex: ${parsed.message}`, 2);
    return parsed.bytes;
  }
  const target = path.resolve(file!);
  let size: number;
  try {
    size = statSync(target).size;
  } catch (error) {
    throw new CliError(`Cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2);
  }
  if (size > MAX_FILE_BYTES) throw new CliError(`${target} has ${size} bytes; a frame file may have at most ${MAX_FILE_BYTES}`, 2);
  return new Uint8Array(readFileSync(target));
}

/** Units by field path (array indices as `[]`), for the text output. */
function unitsOf(fields: FieldSpec[], prefix: string, out: Map<string, string>): Map<string, string> {
  for (const f of fields) {
    const p = prefix === '' ? f.name : `${prefix}.${f.name}`;
    if ('unit' in f && typeof f.unit === 'string') out.set(p, f.unit);
    if (f.type === 'struct') unitsOf(f.fields, p, out);
    if (f.type === 'switch') {
      for (const c of f.cases) unitsOf(c.fields, p, out);
      if (f.default) unitsOf(f.default.fields, p, out);
    }
    if (f.type === 'bitfield') for (const m of f.members) if (m.unit) out.set(`${p}.${m.name}`, m.unit);
    if (f.type === 'array') {
      const item = f.items;
      if ('unit' in item && typeof item.unit === 'string') out.set(`${p}[]`, item.unit);
      if (item.type === 'struct') unitsOf(item.fields, `${p}[]`, out);
    }
  }
  return out;
}

export const parseCommand: CliCommand = {
  path: ['parse'],
  usage: USAGE,
  summary: 'Decode one frame with a schema file; prints the fields or the typed error (exit 1).',
  async run(args, out) {
    const schemaFile = flagString(args, 'schema');
    if (!schemaFile) throw new CliError(`Missing --schema FILE. Usage: ${USAGE}`, 2);
    const schema = readSchema(path.resolve(schemaFile));
    const bytes = readFrame(flagString(args, 'hex'), flagString(args, 'file'));
    // The compiled decoder is what the gateway runs; the layout (text mode) comes from the interpreter.
    const result = compileSchema(schema).decode(bytes);
    if (!result.ok) {
      const e = result.error;
      if (out.json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: e.code, message: e.message, path: e.path, offset: e.offset } })}\n`);
      else process.stderr.write(`swb: ${e.code} at ${e.path === '' ? 'frame' : `'${e.path}'`} (byte ${e.offset}): ${e.message}\n`);
      return 1;
    }
    const fields = toJsonFields(result.fields);
    if (out.json) {
      out.result({ ok: true, fields }, '');
      return 0;
    }
    const units = unitsOf(schema.fields, '', new Map());
    const { layout } = decodeWithLayout(schema, bytes);
    const rows = layout
      .filter((l) => l.value !== undefined)
      .map((l) => {
        const unit = units.get(l.path.replace(/\[\d+\]/g, '[]'));
        const value = toJsonValue(l.value);
        return [`${'  '.repeat(l.depth)}${l.path}`, `${typeof value === 'string' ? value : JSON.stringify(value)}${unit ? ` ${unit}` : ''}`, `@${l.offset}+${l.length}`] as const;
      });
    const width = Math.max(...rows.map((r) => r[0].length), 8);
    const lines = [`${schema.name}: ${bytes.length} bytes, ok`, ...rows.map(([p, v, at]) => `${p.padEnd(width)}  ${v.padEnd(16)}  ${at}`)];
    out.result({ ok: true, fields }, lines.join('\n'));
    return 0;
  },
};
