import { Menu, app, dialog, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { existsSync } from 'node:fs';
import type { Core } from '../core/createCore';
import { SettingsFile } from '../project/settings';

const filters = [{ name: 'Station Workbench project', extensions: ['swb'] }];

/** The application menu: File (New, Open, Open Recent, Save As, Export), Edit, View, Help. */
export function buildMenu(core: Core, win: BrowserWindow): void {
  const settings = new SettingsFile(core.config.dataDir);
  const report = (error: unknown) => dialog.showErrorBox('Station Workbench', error instanceof Error ? error.message : String(error));
  const openPath = (p: string) => core.openProject(p).then(() => app.addRecentDocument(p), report);
  const recent = settings
    .read()
    .recent.filter((r) => existsSync(r.path))
    .map<MenuItemConstructorOptions>((r) => ({ label: `${r.name} — ${r.path}`, click: () => void openPath(r.path) }));
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'New Project…',
          accelerator: 'CmdOrCtrl+N',
          click: async () => {
            const res = await dialog.showSaveDialog(win, { title: 'New station project', filters });
            if (!res.canceled && res.filePath) await core.openProject(res.filePath, { create: true }).catch(report);
          },
        },
        {
          label: 'Open Project…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const res = await dialog.showOpenDialog(win, { title: 'Open station project', filters, properties: ['openFile'] });
            const file = res.filePaths[0];
            if (!res.canceled && file) await openPath(file);
          },
        },
        { label: 'Open Recent', submenu: recent.length ? recent : [{ label: 'No recent projects', enabled: false }] },
        { type: 'separator' },
        {
          label: 'Save As…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: async () => {
            const res = await dialog.showSaveDialog(win, { title: 'Save project as', filters });
            if (!res.canceled && res.filePath) await core.saveProjectAs(res.filePath).catch(report);
          },
        },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => win.webContents.send('swb:navigate', '/reports') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools', visible: !app.isPackaged }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'User guide (docs folder)', click: () => void shell.openPath(`${core.config.resourcesDir}/../docs`) },
        { label: `About Station Workbench ${app.getVersion()}`, role: 'about' },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
