// The PDF uses the 14 standard fonts (no font files to ship, text extractable everywhere); they
// encode WinAnsi (Windows-1252). Characters outside it are spelled out or replaced, never dropped
// silently into mojibake.

/** Unicode code points of the WinAnsi 0x80–0x9F block (the rest is Latin-1). */
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

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
  '\t': '    ',
};

export function isWinAnsi(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || WIN_ANSI_EXTRA.has(code);
}

/** Text safe for the standard PDF fonts: known symbols spelled out, anything else outside WinAnsi as '?'. */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const code = ch.codePointAt(0)!;
    if (isWinAnsi(code)) out += ch;
    else out += REPLACEMENTS[ch] ?? '?';
  }
  return out;
}
