import { RpcClient } from '#shared/rpc/client';
import { useConnectionStore } from '../stores/connection';
import { ipcTransport, webSocketTransport } from './transports';

/** The token from the URL the headless host printed (kept for reloads in this tab). */
function accessToken(): string | undefined {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) sessionStorage.setItem('swb.token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('swb.token') ?? undefined;
}

/** The only platform fork of the renderer: Electron bridge present -> IPC, else the host's WebSocket. */
function createClient(): RpcClient {
  const setConnected = (connected: boolean) => useConnectionStore.getState().setConnected(connected);
  if (window.swbBridge) {
    setConnected(true);
    return new RpcClient(ipcTransport(window.swbBridge));
  }
  const token = accessToken();
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/rpc${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  return new RpcClient(webSocketTransport(url, setConnected));
}

export const rpc = createClient();
