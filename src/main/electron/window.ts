import { BrowserWindow, MessageChannelMain, ipcMain, session, shell } from 'electron';
import path from 'node:path';
import type { Core } from '../core/createCore';
import { messagePortTransport } from './ipcTransport';
import { APP_ORIGIN } from './protocol';
import { loadWindowState, trackWindowState } from './windowState';

/** Is this URL our own UI (packaged app:// or the dev server)? Parsed, never prefix-matched. */
function isOwnUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    const dev = process.env.ELECTRON_RENDERER_URL ? new URL(process.env.ELECTRON_RENDERER_URL) : undefined;
    return url.origin === APP_ORIGIN || (dev !== undefined && url.origin === dev.origin);
  } catch {
    return false;
  }
}

export function createMainWindow(core: Core, preloadPath: string): BrowserWindow {
  const state = loadWindowState();
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Station Workbench',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win);
  win.once('ready-to-show', () => win.show());

  // Security checklist: no navigation away, no new windows, no permissions.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  // One MessagePort per page load carries the whole RPC contract; only our own frame may ask for it.
  ipcMain.on('swb:request-port', (event) => {
    if (event.sender !== win.webContents || !isOwnUrl(event.senderFrame?.url ?? '')) return;
    const { port1, port2 } = new MessageChannelMain();
    core.rpc.attach(messagePortTransport(port1), 'ipc:main-window');
    event.sender.postMessage('swb:port', null, [port2]);
  });

  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export function preloadPath(mainDir: string): string {
  return path.join(mainDir, '../preload/index.cjs');
}
