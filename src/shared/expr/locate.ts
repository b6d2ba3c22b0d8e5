/**
 * Source positions for error messages. mathjs nodes carry no source locations, so we tokenize
 * the text ourselves (roughly as mathjs does) and find the first token matching what a node
 * represents. Positions are therefore "first occurrence", which is exact in the common case.
 */

/** A coarse token: identifiers, numbers, strings and operator/punctuation characters. */
export type Token = {
  kind: 'ident' | 'number' | 'string' | 'op';
  text: string;
  /** 0-based character index in the source. */
  pos: number;
};

const IDENT_START = /[A-Za-z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]/;
const IDENT_PART = /[A-Za-z0-9_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]/;
const NUMBER = /^(?:0[xXbBoO][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
// Longest first, so '>>>' wins over '>>' and '>'.
const MULTI_OPS = ['>>>', '<<', '>>', '==', '!=', '<=', '>=', '.*', './', '.^', '^|', '?.', '??'];

/** Tokenize leniently: never throws, unknown characters become single-char 'op' tokens. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      // A quote directly after an identifier, ')' or ']' is mathjs's transpose operator, not a string.
      const prev = tokens[tokens.length - 1];
      if (c === "'" && prev && (prev.kind === 'ident' || prev.kind === 'number' || prev.text === ')' || prev.text === ']')) {
        tokens.push({ kind: 'op', text: c, pos: i });
        i++;
        continue;
      }
      const start = i;
      i++;
      while (i < source.length && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      i++;
      tokens.push({ kind: 'string', text: source.slice(start, Math.min(i, source.length)), pos: start });
      continue;
    }
    if (IDENT_START.test(c)) {
      const start = i;
      while (i < source.length && IDENT_PART.test(source[i] as string)) i++;
      tokens.push({ kind: 'ident', text: source.slice(start, i), pos: start });
      continue;
    }
    const num = NUMBER.exec(source.slice(i, i + 64));
    if (num && (c !== '.' || /\d/.test(source[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const multi = MULTI_OPS.find((op) => source.startsWith(op, i));
    if (multi) {
      tokens.push({ kind: 'op', text: multi, pos: i });
      i += multi.length;
      continue;
    }
    tokens.push({ kind: 'op', text: c, pos: i });
    i++;
  }
  return tokens;
}

/** Position of the first identifier `name` used as a call (followed by '('). */
export function findCall(tokens: readonly Token[], name: string): number | undefined {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'ident' && t.text === name && tokens[k + 1]?.text === '(') return t.pos;
  }
  return undefined;
}

/**
 * Position of the first identifier `name` that is not a property (not preceded by '.').
 * With `afterDot`, the first identifier that is a property instead.
 */
export function findIdentifier(tokens: readonly Token[], name: string, afterDot = false): number | undefined {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'ident' || t.text !== name) continue;
    const prev = tokens[k - 1]?.text;
    const isProperty = prev === '.' || prev === '?.';
    if (isProperty === afterDot) return t.pos;
  }
  return undefined;
}

/** Position of the first operator/punctuation token with text `op` (identifiers for word operators). */
export function findOperator(tokens: readonly Token[], op: string): number | undefined {
  for (const t of tokens) if ((t.kind === 'op' || t.kind === 'ident') && t.text === op) return t.pos;
  return undefined;
}

/** Position of the first string or number literal whose text represents `value`. */
export function findLiteral(tokens: readonly Token[], value: string | number): number | undefined {
  for (const t of tokens) {
    if (typeof value === 'string' && t.kind === 'string' && t.text.slice(1, -1) === value) return t.pos;
    if (typeof value === 'number' && t.kind === 'number' && Number(t.text) === value) return t.pos;
  }
  return undefined;
}

/**
 * Maximum bracket nesting and the position where it is first exceeded. Checked before handing
 * the text to the recursive-descent parser so hostile input cannot exhaust the stack.
 */
export function firstPositionDeeperThan(tokens: readonly Token[], maxDepth: number): number | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[' || t.text === '{') {
      depth++;
      if (depth > maxDepth) return t.pos;
    } else if (t.text === ')' || t.text === ']' || t.text === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
