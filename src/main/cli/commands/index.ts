import type { CliCommandEntry } from '../command';

/** Every `swb` command, loaded on demand. Each area adds its commands here (one line each). */
export const commands: CliCommandEntry[] = [
  { path: ['serve'], load: async () => (await import('./serve')).serveCommand },
  { path: ['project', 'new'], load: async () => (await import('./project')).projectNewCommand },
  { path: ['project', 'info'], load: async () => (await import('./project')).projectInfoCommand },
  { path: ['parse'], load: async () => (await import('./parse')).parseCommand },
  { path: ['fit'], load: async () => (await import('./fit')).fitCommand },
  { path: ['optimize'], load: async () => (await import('./optimize')).optimizeCommand },
  { path: ['schedule'], load: async () => (await import('./schedule')).scheduleCommand },
  { path: ['report'], load: async () => (await import('./report')).reportCommand },
  { path: ['export'], load: async () => (await import('./export')).exportCommand },
  { path: ['monitor', 'storage'], load: async () => (await import('./monitorStorage')).monitorStorageCommand },
];
