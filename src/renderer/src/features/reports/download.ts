/** Saves text as a file through the browser's download (works in Electron and in a station-LAN browser). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Renders an SVG document to a PNG through a canvas (CSP allows blob: images) and downloads it. */
export async function downloadPngFromSvg(fileName: string, svg: string, width: number, height: number): Promise<void> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('Canvas is not available');
    g.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('PNG encoding failed');
    const png = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = png;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(png), 1000);
  } finally {
    URL.revokeObjectURL(url);
  }
}
