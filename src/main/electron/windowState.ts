import { app, type BrowserWindow, type Rectangle } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const file = () => path.join(app.getPath('userData'), 'window-state.json');

export function loadWindowState(): WindowState {
  try {
    if (existsSync(file())) return JSON.parse(readFileSync(file(), 'utf8')) as WindowState;
  } catch {
    // a corrupt state file just means default bounds
  }
  return { bounds: { x: 80, y: 60, width: 1440, height: 900 }, maximized: false };
}

/** Remember size, position and maximised state between runs. */
export function trackWindowState(win: BrowserWindow): void {
  const save = () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(file(), JSON.stringify(state));
    } catch {
      // not worth failing the app over
    }
  };
  win.on('close', save);
}
