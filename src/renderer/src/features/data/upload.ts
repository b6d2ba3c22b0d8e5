import { rpc } from '../../rpc/client';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX[bytes[i] as number] as string;
  return parts.join('');
}

/**
 * Sends a browser File to the core in order, chunk by chunk (the contract carries bytes as hex),
 * and returns the upload id to import from. `onProgress` gets the fraction sent; an aborted
 * signal drops the upload.
 */
export async function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<string> {
  const { uploadId, chunkBytes } = await rpc.call('data.upload.begin', { name: file.name, sizeBytes: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      if (signal?.aborted) throw new Error('Upload cancelled');
      const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
      await rpc.call('data.upload.chunk', { uploadId, offset, hex: toHex(bytes) });
      onProgress(Math.min(1, (offset + bytes.length) / file.size));
    }
    await rpc.call('data.upload.end', { uploadId });
    return uploadId;
  } catch (error) {
    void rpc.call('data.upload.abort', { uploadId }).catch(() => undefined);
    throw error;
  }
}

/** Offers text as a file download. */
export function downloadText(fileName: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function formatValue(v: number | null | undefined, quantity: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (quantity === 'time') return formatClock(v, true);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

export function formatClock(ms: number, withDate = false): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return withDate ? `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${time}` : time;
}

export function unitLabel(unit: string): string {
  return unit === 'm3/h' ? 'm³/h' : unit === 'fraction' ? '–' : unit;
}
