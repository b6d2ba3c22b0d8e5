import { contextBridge, ipcRenderer } from 'electron';

// The whole bridge: ask main for one MessagePort and hand it to the page. No business methods,
// no Node access; every call then goes through the validated RPC contract.
ipcRenderer.on('swb:port', (event) => {
  window.postMessage('swb:port', window.location.origin, event.ports);
});
ipcRenderer.on('swb:navigate', (_event, route: unknown) => {
  if (typeof route === 'string') window.postMessage({ swbNavigate: route }, window.location.origin);
});

contextBridge.exposeInMainWorld('swbBridge', {
  kind: 'electron',
  requestPort: () => ipcRenderer.send('swb:request-port'),
});
