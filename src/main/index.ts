import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from './core/createCore';
import { defaultResourcesDir } from './core/paths';
import { buildMenu } from './electron/menu';
import { registerAppScheme, serveRenderer } from './electron/protocol';
import { createMainWindow, preloadPath } from './electron/window';

// Electron entry: the same core as the headless host, shown in a sandboxed window over a MessagePort.
const mainDir = path.dirname(fileURLToPath(import.meta.url));
let core: Core | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit(); // a second instance would fight over ports and the project file
} else {
  registerAppScheme();
  app.on('second-instance', (_event, argv) => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) (win.isMinimized() && win.restore(), win.focus());
    const file = argv.find((a) => a.endsWith('.swb'));
    if (file && core) void core.openProject(file);
  });
  app.whenReady().then(async () => {
    const projectArg = process.argv.find((a) => a.endsWith('.swb'));
    core = await createCore({
      host: 'electron',
      dataDir: app.getPath('userData'),
      resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : defaultResourcesDir(),
      startServices: true,
      ...(projectArg ? { projectPath: projectArg } : {}),
    });
    serveRenderer(path.join(mainDir, '../renderer'));
    const win = createMainWindow(core, preloadPath(mainDir));
    buildMenu(core, win);
    core.bus.subscribe('project.changed', () => buildMenu(core!, win));
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void core.close().finally(() => app.quit()); // checkpoint before exit
  });
  app.on('window-all-closed', () => app.quit());
}
