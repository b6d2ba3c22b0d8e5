import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomicWrite';

const settingsSchema = z.object({
  recent: z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.number() })).default([]),
});
export type UserSettings = z.infer<typeof settingsSchema>;

const MAX_RECENT = 10;

/** Per-user settings (recent projects) in `<dataDir>/settings.json`; a corrupt file is replaced, never fatal. */
export class SettingsFile {
  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return path.join(this.dataDir, 'settings.json');
  }

  read(): UserSettings {
    try {
      if (!existsSync(this.file)) return { recent: [] };
      return settingsSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      return { recent: [] };
    }
  }

  addRecent(projectPath: string, name: string): void {
    const settings = this.read();
    const recent = [{ path: projectPath, name, openedAt: Date.now() }, ...settings.recent.filter((r) => r.path !== projectPath)].slice(0, MAX_RECENT);
    mkdirSync(this.dataDir, { recursive: true });
    writeFileAtomic(this.file, Buffer.from(JSON.stringify({ ...settings, recent }, null, 2)));
  }
}
