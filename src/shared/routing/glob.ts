/**
 * Source-id globs: `*` matches any run of characters (including none), `?` exactly one, every
 * other character itself. Case-sensitive, anchored at both ends. `**` is the same as `*`
 * (source ids have no hierarchy). Compiled once per rule, never per message.
 *
 * Matching does not use a backtracking RegExp: a pattern like `*a*a*a*a*b` against a long id
 * would be polynomial of high degree there (a ReDoS from configuration). The two-pointer
 * matcher below is O(pattern × text) in the worst case and linear in practice.
 */

const REGEX_SPECIAL = /[\\^$.|+()[\]{}]/g;

/** True when the pattern contains a wildcard. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * The equivalent anchored RegExp, for display and for consumers that need one (e.g. a search
 * box). Routing itself uses compileGlob.
 */
export function globToRegExp(pattern: string): RegExp {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      while (pattern[i + 1] === '*') i++;
      body += '[\\s\\S]*';
    } else if (c === '?') {
      body += '[\\s\\S]';
    } else {
      body += c.replace(REGEX_SPECIAL, '\\$&');
    }
  }
  return new RegExp(`^${body}$`);
}

/** Matches `text` against a glob whose runs of `*` were collapsed (iterative wildcard matching). */
function wildcardMatch(p: string, text: string): boolean {
  let pi = 0;
  let ti = 0;
  let star = -1; // position in p of the last '*'
  let mark = 0; // position in text that the last '*' is currently absorbing up to
  while (ti < text.length) {
    const pc = p.charCodeAt(pi);
    if (pi < p.length && (pc === 63 /* ? */ || pc === text.charCodeAt(ti)) && pc !== 42) {
      pi++;
      ti++;
    } else if (pi < p.length && pc === 42 /* * */) {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      // Let the last '*' absorb one more character and retry from there.
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}

/** A predicate for a glob; plain strings compile to an equality test. */
export function compileGlob(pattern: string): (text: string) => boolean {
  if (!isGlob(pattern)) return (text) => text === pattern;
  const collapsed = pattern.replace(/\*+/g, '*');
  if (collapsed === '*') return () => true;
  // Common shape `prefix*` gets a startsWith fast path.
  const firstWild = collapsed.search(/[*?]/);
  if (firstWild === collapsed.length - 1 && collapsed.endsWith('*')) {
    const prefix = collapsed.slice(0, -1);
    return (text) => text.startsWith(prefix);
  }
  return (text) => wildcardMatch(collapsed, text);
}
