/**
 * Character-encoding detection and streaming decoding for imported text files: UTF-8 (with or
 * without BOM), UTF-16 LE/BE (BOM or zero-byte pattern) and Windows-1252 (the usual fallback for
 * files from Excel and loggers on Western-European Windows machines).
 */
import type { TextEncodingId } from './types';

/** Windows-1252 code points for bytes 0x80..0x9F (the rest of the page equals ISO-8859-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** The encoding's byte-order mark length at the start of `bytes`, or 0. */
export function bomLength(bytes: Uint8Array, encoding: TextEncodingId): number {
  if (encoding === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3;
  if (encoding === 'utf-16le' && bytes[0] === 0xff && bytes[1] === 0xfe) return 2;
  if (encoding === 'utf-16be' && bytes[0] === 0xfe && bytes[1] === 0xff) return 2;
  return 0;
}

/** True when `bytes` is well-formed UTF-8 (a sequence cut at the very end is allowed: samples are prefixes). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return false;
    if (i + need >= n) return allContinuation(bytes, i + 1, n); // a sequence cut by the end of the sample
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

function allContinuation(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (((bytes[i] as number) & 0xc0) !== 0x80) return false;
  return true;
}

/** Result of detectEncoding: the encoding and why it was chosen (shown in the import wizard). */
export type EncodingGuess = { encoding: TextEncodingId; reason: string };

/**
 * Guesses the encoding of a file from its first bytes: a BOM decides; else a zero byte in every
 * other position means UTF-16 (ASCII text in UTF-16); else valid UTF-8 is UTF-8; else Windows-1252.
 */
export function detectEncoding(sample: Uint8Array): EncodingGuess {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', reason: 'UTF-8 byte-order mark' };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', reason: 'UTF-16 LE byte-order mark' };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', reason: 'UTF-16 BE byte-order mark' };
  const pairs = Math.min(sample.length >> 1, 2048);
  if (pairs >= 2) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < pairs; i++) {
      if (sample[2 * i] === 0) evenZero++;
      if (sample[2 * i + 1] === 0) oddZero++;
    }
    // Mostly-ASCII UTF-16: one byte of each pair is zero; plain text has (almost) no zero bytes.
    if (oddZero > pairs * 0.6 && evenZero < pairs * 0.1) return { encoding: 'utf-16le', reason: 'zero bytes in odd positions' };
    if (evenZero > pairs * 0.6 && oddZero < pairs * 0.1) return { encoding: 'utf-16be', reason: 'zero bytes in even positions' };
  }
  if (isValidUtf8(sample)) return { encoding: 'utf-8', reason: 'valid UTF-8' };
  return { encoding: 'windows-1252', reason: 'not valid UTF-8; assuming Windows-1252' };
}

/** A streaming decoder: feed chunks, get text; multi-byte sequences split across chunks are kept. */
export interface ChunkDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

/** Decodes Windows-1252 bytes to a string (never fails: every byte maps to a character). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const step = 8192;
  for (let start = 0; start < bytes.length; start += step) {
    const end = Math.min(bytes.length, start + step);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/**
 * A streaming decoder for `encoding`. The BOM (if any) is dropped; invalid sequences become
 * U+FFFD (the row that contains one is then reported by the number parser, not thrown).
 */
export function createChunkDecoder(encoding: TextEncodingId): ChunkDecoder {
  if (encoding === 'windows-1252') return { write: decodeWindows1252, end: () => '' };
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  return {
    write: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode(),
  };
}

/** Decodes a whole byte array. */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingId): string {
  const d = createChunkDecoder(encoding);
  return d.write(bytes) + d.end();
}
