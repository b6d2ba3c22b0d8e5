/*
 * Small helpers for emitting JavaScript source. Every piece of user text (names, paths,
 * labels) goes through `lit`, so generated code contains it only as escaped string literals.
 */

/** A JS string literal for any text (JSON escaping, plus the two line separators JSON leaves raw). */
export function lit(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Accumulates indented lines of source. */
export class SourceBuilder {
  private readonly lines: string[] = [];
  private depth = 0;
  private counter = 0;

  /** A fresh local variable name with a readable stem. */
  fresh(stem: string): string {
    return `${stem}${this.counter++}`;
  }

  line(text: string): void {
    this.lines.push('  '.repeat(this.depth) + text);
  }

  open(text: string): void {
    this.line(text);
    this.depth++;
  }

  close(text = '}'): void {
    this.depth--;
    this.line(text);
  }

  toString(): string {
    return this.lines.join('\n');
  }
}
