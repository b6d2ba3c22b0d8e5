import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Fonts and text for the PDF. The report embeds DejaVu (a Unicode TrueType family, free licence,
// npm package `dejavu-fonts-ttf`) so η, ≥, m³/h, °C, ±, µ and Δ print as themselves; pdfkit embeds
// only the glyphs used (subset). When the font files cannot be found the report still renders with
// the 14 standard PDF fonts, which encode WinAnsi (Windows-1252) only: then symbols outside it are
// spelled out (≥ → >=, η → eta) instead of printing mojibake, and the export carries a warning.
// Decision record: docs/decisions/0004-pdf-unicode-fonts.md.

/** Logical font roles the renderer draws with; each maps to a DejaVu face or a standard font. */
export type FontRole = 'regular' | 'bold' | 'italic' | 'mono' | 'cond' | 'condBold' | 'condItalic';

/** The DejaVu file for each role (tables, chart ticks and the running header use the condensed faces). */
export const DEJAVU_FILES: Record<FontRole, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  mono: 'DejaVuSansMono.ttf',
  cond: 'DejaVuSansCondensed.ttf',
  condBold: 'DejaVuSansCondensed-Bold.ttf',
  condItalic: 'DejaVuSansCondensed-Oblique.ttf',
};

/** The standard-font fallback for each role. */
export const STANDARD_FONTS: Record<FontRole, string> = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  mono: 'Courier',
  cond: 'Helvetica',
  condBold: 'Helvetica-Bold',
  condItalic: 'Helvetica-Oblique',
};

export type PdfFontSet =
  | { unicode: true; dir: string; files: Record<FontRole, Buffer> }
  | { unicode: false; warning: string };

/**
 * Where the DejaVu files may be, in order: `SWB_FONTS_DIR` (an override for packagers), the
 * `dejavu-fonts-ttf` package resolved from this module (works from source under vitest and from the
 * bundle in out/main, which the headless host and the CLI run), `<resourcesDir>/fonts`, and the
 * package under the working directory.
 */
export function fontCandidates(resourcesDir?: string): string[] {
  const dirs: string[] = [];
  const env = process.env.SWB_FONTS_DIR;
  if (env) dirs.push(path.resolve(env));
  try {
    const require = createRequire(import.meta.url);
    dirs.push(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  } catch {
    // Not resolvable from here (e.g. a packaged app without node_modules): try the other places.
  }
  try {
    // Walk up from this file: src/main/reports → repo root; out/main/chunks → repo root.
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 5; i++) {
      dirs.push(path.join(dir, 'node_modules', 'dejavu-fonts-ttf', 'ttf'));
      dir = path.dirname(dir);
    }
  } catch {
    // import.meta.url is not a file URL (bundled into something exotic): skip.
  }
  if (resourcesDir) dirs.push(path.join(resourcesDir, 'fonts'));
  dirs.push(path.join(process.cwd(), 'node_modules', 'dejavu-fonts-ttf', 'ttf'));
  return [...new Set(dirs)];
}

const cache = new Map<string, PdfFontSet>();
let warned = false;

/** Reads the DejaVu faces from the first folder that has all of them; otherwise says where it looked. */
export function readFontSet(candidates: string[]): PdfFontSet {
  for (const dir of candidates) {
    if (!Object.values(DEJAVU_FILES).every((f) => existsSync(path.join(dir, f)))) continue;
    try {
      const files = Object.fromEntries(Object.entries(DEJAVU_FILES).map(([role, f]) => [role, readFileSync(path.join(dir, f))])) as Record<FontRole, Buffer>;
      return { unicode: true, dir, files };
    } catch {
      // Unreadable: try the next place.
    }
  }
  return {
    unicode: false,
    warning: `Unicode fonts (DejaVu: ${Object.values(DEJAVU_FILES).join(', ')}) not found in ${candidates.join(', ') || '(no folder)'}; the PDF uses the standard fonts and spells out symbols outside Windows-1252 (η as "eta", ≥ as ">=").`,
  };
}

/** Finds and reads the DejaVu files once per process; otherwise warns (once) and returns why the standard fonts are used. */
export function loadPdfFonts(resourcesDir?: string): PdfFontSet {
  const key = `${process.env.SWB_FONTS_DIR ?? ''}|${resourcesDir ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = readFontSet(fontCandidates(resourcesDir));
  if (!result.unicode && !warned) {
    warned = true;
    console.warn(`[reports] ${result.warning}`);
  }
  cache.set(key, result);
  return result;
}

/** Forgets the loaded fonts (tests that point SWB_FONTS_DIR elsewhere). */
export function resetPdfFontCache(): void {
  cache.clear();
  warned = false;
}

/** Unicode code points of the WinAnsi 0x80–0x9F block (the rest is Latin-1). */
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/** Spellings for symbols a font cannot draw (the standard fonts, or a rare glyph missing in DejaVu). */
const REPLACEMENTS: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '−': '-',
  '√': 'sqrt',
  '∞': 'inf',
  '∆': 'delta ',
  'Δ': 'delta ',
  'η': 'eta',
  'σ': 'sigma',
  'ρ': 'rho',
  'ω': 'omega',
  'Ω': 'Ohm',
  'π': 'pi',
  'α': 'alpha',
  'β': 'beta',
  'γ': 'gamma',
  'λ': 'lambda',
  'θ': 'theta',
  '✓': 'OK',
  '✔': 'OK',
  '✗': 'X',
  '⁻': '-',
  '¹': '1',
  '\u202f': ' ',
  '\u2009': ' ',
};

export function isWinAnsi(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || WIN_ANSI_EXTRA.has(code);
}

/**
 * Makes a text sanitizer for the fonts in use. `covers(codePoint)` says whether the body font has a
 * glyph; characters without one are spelled out (REPLACEMENTS) or become '?'. Tabs become four
 * spaces, CR/LF a newline, other control characters are dropped.
 */
export function textSanitizer(covers: (code: number) => boolean): (text: string) => string {
  const known = new Map<string, string>();
  return (text: string) => {
    let out = '';
    for (const ch of text.replace(/\r\n?/g, '\n')) {
      let mapped = known.get(ch);
      if (mapped === undefined) {
        const code = ch.codePointAt(0)!;
        if (ch === '\t') mapped = '    ';
        else if (code === 0x0a) mapped = ch;
        else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) mapped = '';
        else if (covers(code)) mapped = ch;
        else {
          const spelled = REPLACEMENTS[ch];
          mapped = spelled !== undefined && [...spelled].every((c) => covers(c.codePointAt(0)!)) ? spelled : '?';
        }
        known.set(ch, mapped);
      }
      out += mapped;
    }
    return out;
  };
}

/** Text safe for the standard PDF fonts: known symbols spelled out, anything else outside WinAnsi as '?'. */
export const pdfSafe: (text: string) => string = textSanitizer(isWinAnsi);
