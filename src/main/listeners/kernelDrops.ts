import { readFileSync } from 'node:fs';

/**
 * Kernel receive-buffer drops of the UDP socket bound to `port` (Linux: the last column of
 * /proc/net/udp and /proc/net/udp6). Undefined where the OS does not expose it.
 */
export function udpKernelDrops(port: number): number | undefined {
  if (process.platform !== 'linux' || port <= 0) return undefined;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let found = false;
  let drops = 0;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const cols = lines[i]!.trim().split(/\s+/);
      const local = cols[1];
      if (!local || !local.endsWith(`:${hexPort}`)) continue;
      const d = Number(cols[cols.length - 1]);
      if (Number.isFinite(d)) {
        drops += d;
        found = true;
      }
    }
  }
  return found ? drops : undefined;
}
