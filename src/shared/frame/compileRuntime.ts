import * as E from './errors';
import { bytesToHex } from './hex';
import type { DecodeFailure } from './result';

/*
 * Cold-path helpers that compiled decoders call (errors, rare field types). Kept out of the
 * generated source so it stays short; each mirrors the interpreter's behaviour exactly.
 */

/** The members of a fixed-size group, for naming the first one that does not fit. */
export type GroupLayout = { rels: string[]; offsets: number[]; sizes: number[] };

/** TRUNCATED for the first group member that does not fit before `end` (the interpreter's rule). */
export function groupFail(group: GroupLayout, prefix: string, base: number, end: number): DecodeFailure {
  let i = 0;
  while (base + group.offsets[i]! + group.sizes[i]! <= end) i++;
  return E.errTruncated(E.joinPath(prefix, group.rels[i]!), base + group.offsets[i]!, end);
}

/** BAD_CONST for a bytes field whose content differs from its constant. */
export function constBytesFail(b: Uint8Array, o: number, expected: Uint8Array, path: string): DecodeFailure {
  let i = 0;
  while (b[o + i] === expected[i]) i++;
  return E.errConstBytes(path, o + i, bytesToHex(expected), bytesToHex(b, '', o, o + expected.length));
}
