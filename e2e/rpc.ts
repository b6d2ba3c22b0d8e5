import WebSocket from 'ws';

/**
 * One contract call over the host's WebSocket, as a second window (or a script) would make it:
 * the same transport and envelope as the UI. Rejects with the core's error message.
 */
export async function rpcCall<T = unknown>(appUrl: string, method: string, params: unknown): Promise<T> {
  const url = new URL(appUrl);
  const ws = new WebSocket(`ws://${url.host}/rpc${url.search}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  try {
    return await new Promise<T>((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { t: string; id: number; result?: unknown; error?: { message: string } };
        if (msg.id !== 1) return;
        if (msg.t === 'ok') resolve(msg.result as T);
        else reject(new Error(`${method}: ${msg.error?.message ?? 'failed'}`));
      });
      ws.send(JSON.stringify({ t: 'call', id: 1, method, params }));
    });
  } finally {
    ws.close();
  }
}
