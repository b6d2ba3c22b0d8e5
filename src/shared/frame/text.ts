import type { TextEncoding } from './schema';

/*
 * Strict text codecs. Decoding never substitutes U+FFFD: a frame with broken text is reported
 * (BAD_STRING) rather than silently altered, and encode/decode round-trips exactly.
 */

// fatal: malformed UTF-8 throws (caught below); ignoreBOM: keep a leading U+FEFF as data.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** Decodes bytes [start, end) or returns undefined when they are not valid text in `encoding`. */
export function decodeText(encoding: TextEncoding, bytes: Uint8Array, start: number, end: number): string | undefined {
  if (encoding === 'ascii') {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c > 0x7f) return undefined;
      s += String.fromCharCode(c);
    }
    return s;
  }
  try {
    return utf8Decoder.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** True when the string has no unpaired UTF-16 surrogate (TextEncoder would replace it). */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** Encodes text, or returns undefined when it cannot be represented exactly in `encoding`. */
export function encodeText(encoding: TextEncoding, s: string): Uint8Array | undefined {
  if (encoding === 'ascii') {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return undefined;
      out[i] = c;
    }
    return out;
  }
  return isWellFormed(s) ? utf8Encoder.encode(s) : undefined;
}

/**
 * Text of a fixed-size string field of `length` bytes at `offset`: up to the first NUL
 * (`pad: 'nul'`) or without trailing spaces (`pad: 'space'`). Undefined when not valid text.
 */
export function decodeFixedText(encoding: TextEncoding, bytes: Uint8Array, offset: number, length: number, pad: 'nul' | 'space'): string | undefined {
  const next = offset + length;
  let end = offset;
  if (pad === 'nul') {
    while (end < next && bytes[end] !== 0) end++;
  } else {
    end = next;
    while (end > offset && bytes[end - 1] === 0x20) end--;
  }
  return decodeText(encoding, bytes, offset, end);
}
