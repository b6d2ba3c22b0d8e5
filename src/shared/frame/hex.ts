/*
 * Hex and base64 text <-> bytes, for schema constants, test vectors, captures pasted by users
 * and binary payloads that travel through the JSON-only RPC contract.
 */

/** Result of parsing user-supplied hex text. */
export type ParseHexResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

const HEX_DIGITS = '0123456789ABCDEF';

/**
 * Parses hex the way people paste it: `AA55`, `aa 55 01`, `0xAA, 0x55`, `{0xA, 0x5}`, `AA:55`,
 * `AA-55`, multi-line dumps. Separated tokens of one or two digits are bytes each (so `0xA` is
 * 0x0A); otherwise the digits are read in pairs and their count must be even.
 */
export function parseHex(text: string): ParseHexResult {
  const cleaned = text.replace(/[{}[\]]/g, ' ').trim();
  if (cleaned === '') return { ok: true, bytes: new Uint8Array(0) };
  const tokens = cleaned.split(/[\s,:;-]+/).filter((t) => t !== '').map((t) => t.replace(/^0x/i, ''));
  for (const token of tokens) {
    const bad = /[^0-9a-fA-F]/.exec(token);
    if (bad) return { ok: false, message: `not a hex digit: '${bad[0]}' in '${token}'` };
    if (token === '') return { ok: false, message: "'0x' without digits" };
  }
  const tokensAreBytes = tokens.length > 1 && tokens.every((t) => t.length <= 2);
  const digits = tokensAreBytes ? tokens.map((t) => t.padStart(2, '0')).join('') : tokens.join('');
  if (digits.length % 2 !== 0) return { ok: false, message: `odd number of hex digits (${digits.length})` };
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return { ok: true, bytes };
}

/** Like parseHex but throws a RangeError with the reason; for trusted text such as schema constants. */
export function hexToBytes(text: string): Uint8Array {
  const parsed = parseHex(text);
  if (!parsed.ok) throw new RangeError(`invalid hex: ${parsed.message}`);
  return parsed.bytes;
}

/** Upper-case hex of bytes [start, end), optionally with a separator between bytes (`' '` for dumps). */
export function bytesToHex(bytes: Uint8Array, separator = '', start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (i > start && separator !== '') out += separator;
    out += HEX_DIGITS[b >>> 4]! + HEX_DIGITS[b & 15]!;
  }
  return out;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_LOOKUP = (() => {
  const lookup = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) lookup[BASE64_ALPHABET.charCodeAt(i)] = i;
  // URL-safe alphabet accepted on input (RFC 4648 §5).
  lookup['-'.charCodeAt(0)] = 62;
  lookup['_'.charCodeAt(0)] = 63;
  return lookup;
})();

/** Standard base64 with padding (RFC 4648 §4). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64_ALPHABET[n >>> 18]! + BASE64_ALPHABET[(n >>> 12) & 63]! + BASE64_ALPHABET[(n >>> 6) & 63]! + BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64_ALPHABET[n >>> 18]! + BASE64_ALPHABET[(n >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += BASE64_ALPHABET[n >>> 18]! + BASE64_ALPHABET[(n >>> 12) & 63]! + BASE64_ALPHABET[(n >>> 6) & 63]! + '=';
  }
  return out;
}

/** Parses base64 (standard or URL-safe alphabet, padding optional, whitespace ignored); throws RangeError when invalid. */
export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) throw new RangeError('invalid base64: bad length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? BASE64_LOOKUP[code]! : -1;
    if (v < 0) throw new RangeError(`invalid base64: unexpected '${clean[i]}' at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}
