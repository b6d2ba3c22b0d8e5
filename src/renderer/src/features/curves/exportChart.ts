/** Chart and table export for the Curves page: SVG (serialised recharts SVG), PNG (through a canvas), CSV. */

export function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}

/** The recharts SVG inside `container` as a standalone SVG document with a solid background. */
export function serializeChartSvg(container: HTMLElement, background: string): { svg: string; width: number; height: number } {
  const source = container.querySelector('svg.recharts-surface');
  if (!source) throw new Error('The chart is not drawn yet');
  const clone = source.cloneNode(true) as SVGSVGElement;
  const width = Number(source.getAttribute('width')) || source.clientWidth;
  const height = Number(source.getAttribute('height')) || source.clientHeight;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.setAttribute('font-family', 'Helvetica, Arial, sans-serif');
  clone.removeAttribute('style');
  // CSS variables do not resolve outside the page: replace the ones the chart uses by their values.
  const style = getComputedStyle(container);
  const resolve = (v: string | null) => (v ? v.replace(/var\((--[\w-]+)\)/g, (_, name: string) => style.getPropertyValue(name).trim() || '#888') : v);
  for (const el of Array.from(clone.querySelectorAll('*'))) {
    for (const attr of ['fill', 'stroke', 'style']) {
      const v = el.getAttribute(attr);
      if (v && v.includes('var(')) el.setAttribute(attr, resolve(v)!);
    }
  }
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  clone.insertBefore(bg, clone.firstChild);
  return { svg: new XMLSerializer().serializeToString(clone), width, height };
}

export function exportSvg(container: HTMLElement, fileName: string, background: string): void {
  const { svg } = serializeChartSvg(container, background);
  download(fileName, new Blob([svg], { type: 'image/svg+xml' }));
}

/** Draws the serialised SVG on a canvas at 2× and downloads a PNG. */
export async function exportPng(container: HTMLElement, fileName: string, background: string): Promise<void> {
  const { svg, width, height } = serializeChartSvg(container, background);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be drawn as an image'));
      img.src = url;
    });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('Canvas is not available');
    g.scale(scale, scale);
    g.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('PNG encoding failed');
    download(fileName, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function exportCsv(fileName: string, header: string[], rows: unknown[][]): void {
  download(fileName, new Blob(['\uFEFF', toCsv(header, rows)], { type: 'text/csv' }));
}
