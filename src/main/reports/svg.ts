import type { ChartBlock } from '#shared/rpc/domains/reports';
import { chartScales, seriesColor } from './chartGeometry';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A chart block as a standalone SVG document, drawn with the same scales, ticks and palette as the
 * PDF so an exported figure matches the report.
 */
export function chartToSvg(chart: ChartBlock, width = 800, height = 450): string {
  const hasY2 = chart.y2 !== undefined || chart.series.some((s) => s.axis === 'y2');
  const legendRows = Math.ceil(chart.series.length / Math.max(1, Math.floor((width - 80) / 160)));
  const plot = { left: 70, right: width - (hasY2 ? 70 : 20), top: 36, bottom: height - 46 - legendRows * 18 };
  const pw = plot.right - plot.left;
  const ph = plot.bottom - plot.top;
  const s = chartScales(chart);
  const px = (v: number) => r2(plot.left + s.x.norm(v) * pw);
  const py = (v: number, axis: 'y' | 'y2' = 'y') => r2(plot.bottom - (axis === 'y2' && s.y2 ? s.y2.norm(v) : s.y.norm(v)) * ph);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${plot.left}" y="20" font-size="14" font-weight="bold" fill="#1c2127">${esc(chart.title)}</text>`);
  out.push('<g stroke="#e5e8ec" stroke-width="1">');
  for (const t of s.y.ticks) out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${py(t)}" y2="${py(t)}"/>`);
  for (const t of s.x.ticks) out.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${plot.top}" y2="${plot.bottom}"/>`);
  out.push('</g>');
  out.push('<g font-size="11" fill="#5f6b7c">');
  for (const t of s.y.ticks) out.push(`<text x="${plot.left - 6}" y="${py(t) + 4}" text-anchor="end">${esc(s.y.format(t))}</text>`);
  for (const t of s.x.ticks) out.push(`<text x="${px(t)}" y="${plot.bottom + 16}" text-anchor="middle">${esc(s.x.format(t))}</text>`);
  if (s.y2) for (const t of s.y2.ticks) out.push(`<text x="${plot.right + 6}" y="${py(t, 'y2') + 4}">${esc(s.y2.format(t))}</text>`);
  out.push('</g>');
  out.push(`<rect x="${plot.left}" y="${plot.top}" width="${r2(pw)}" height="${r2(ph)}" fill="none" stroke="#5f6b7c"/>`);
  out.push(`<text x="${r2(plot.left + pw / 2)}" y="${plot.bottom + 34}" font-size="12" text-anchor="middle" fill="#1c2127">${esc(chart.x.label)}</text>`);
  const cy = r2(plot.top + ph / 2);
  out.push(`<text transform="translate(18 ${cy}) rotate(-90)" font-size="12" text-anchor="middle" fill="#1c2127">${esc(chart.y.label)}</text>`);
  if (s.y2) out.push(`<text transform="translate(${width - 14} ${cy}) rotate(90)" font-size="12" text-anchor="middle" fill="#1c2127">${esc(chart.y2?.label ?? '')}</text>`);
  out.push(`<clipPath id="plot"><rect x="${plot.left}" y="${plot.top}" width="${r2(pw)}" height="${r2(ph)}"/></clipPath>`);
  out.push('<g clip-path="url(#plot)">');
  chart.series.forEach((series, i) => {
    const color = seriesColor(chart, i);
    const axis = series.axis ?? 'y';
    const pts = series.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    if (series.style !== 'points' && pts.length > 1) {
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"${series.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map((p) => `${px(p[0])},${py(p[1], axis)}`).join(' ')}"/>`);
    }
    if (series.style !== 'line') {
      out.push(`<g fill="${color}">${pts.map((p) => `<circle cx="${px(p[0])}" cy="${py(p[1], axis)}" r="2.5"/>`).join('')}</g>`);
    }
  });
  out.push('</g>');
  const perRow = Math.max(1, Math.floor((width - 80) / 160));
  chart.series.forEach((series, i) => {
    const x = plot.left + (i % perRow) * 160;
    const y = plot.bottom + 52 + Math.floor(i / perRow) * 18;
    const color = seriesColor(chart, i);
    if (series.style !== 'points') out.push(`<line x1="${x}" x2="${x + 20}" y1="${y - 4}" y2="${y - 4}" stroke="${color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    if (series.style !== 'line') out.push(`<circle cx="${x + 10}" cy="${y - 4}" r="3" fill="${color}"/>`);
    out.push(`<text x="${x + 26}" y="${y}" font-size="11" fill="#1c2127">${esc(series.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
