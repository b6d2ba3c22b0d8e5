import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StatusSnapshot } from '#shared/rpc/domains/app';
import type { ProjectInfo, ProjectMeta } from '#shared/rpc/domains/project';
import { RpcServer, completeHandlers, mergeHandlers, type EventSource } from '#shared/rpc/server';
import { EventBus } from '../events/bus';
import { EventStore, eventStoreMigrations } from '../events/eventStore';
import { DEFAULT_META, projectMigrations, readMeta, writeMeta } from '../project/projectMeta';
import { SettingsFile } from '../project/settings';
import { migrate } from '../store/migrations';
import type { IStore } from '../store/types';
import { JobRunner } from '../workers/jobRunner';
import type { IComputePool } from '../workers/task';
import type { CoreConfig } from './config';
import type { CoreContext, Domain } from './domain';
import { domainFactories } from './domains';
import { createLogger } from './logger';

/** In-memory database budget; the UI warns as a project nears it (sql.js holds the whole file in memory). */
export const PROJECT_BUDGET_BYTES = 256 * 1024 * 1024;
export const PROJECT_EXTENSION = '.swb';

export interface Core {
  readonly config: CoreConfig;
  readonly bus: EventBus;
  readonly rpc: RpcServer;
  readonly ctx: CoreContext;
  readonly startedAt: number;
  projectInfo(): Promise<ProjectInfo>;
  openProject(projectPath: string, options?: { create?: boolean; name?: string }): Promise<ProjectInfo>;
  saveProjectAs(projectPath: string): Promise<ProjectInfo>;
  updateProjectMeta(patch: Partial<ProjectMeta>): Promise<ProjectInfo>;
  statusSnapshot(): Promise<StatusSnapshot>;
  close(): Promise<void>;
}

/** The composition root: one core for every host (Electron, headless, CLI, tests). */
export async function createCore(config: CoreConfig): Promise<Core> {
  const startedAt = Date.now();
  const log = createLogger('core', config.host === 'cli');
  const bus = new EventBus((error, topic) => log.error(`event handler failed on '${topic}'`, error));
  const store: IStore = config.store ?? (await import('../workers/spawn')).spawnStore();
  const pool: IComputePool = config.pool ?? (await import('../workers/spawn')).spawnComputePool();
  const jobs = new JobRunner(pool, bus);
  const events = new EventStore(() => store, bus);
  const settings = new SettingsFile(config.dataDir);
  const domains = new Map<string, Domain>();
  let projectPath: string | undefined;
  let dirtySince: number | undefined;

  const ctx: CoreContext = {
    config,
    bus,
    store,
    events,
    jobs,
    log,
    audit: async (event) => {
      dirtySince ??= Date.now();
      await events.append(event);
    },
    domain: <T extends Domain>(name: string) => domains.get(name) as T | undefined,
  };

  const core: Core = {
    config,
    bus,
    ctx,
    startedAt,
    rpc: undefined as unknown as RpcServer,
    projectInfo,
    openProject,
    saveProjectAs,
    updateProjectMeta,
    statusSnapshot,
    close,
  };

  for (const factory of domainFactories) {
    const domain = factory(ctx, core);
    if (domains.has(domain.name)) throw new Error(`Duplicate domain '${domain.name}'`);
    domains.set(domain.name, domain);
  }
  const handlers = completeHandlers(mergeHandlers(...[...domains.values()].map((d) => d.handlers ?? {})));
  const eventSource: EventSource = { subscribe: (event, listener) => bus.subscribe(event, (payload) => listener(payload as never)) };
  (core as { rpc: RpcServer }).rpc = new RpcServer(handlers, eventSource, {
    validateOutput: config.validateOutput ?? false,
    onError: (error, method) => log.error(`handler ${method} threw`, error),
  });

  const initialPath = config.projectPath ?? settings.read().recent.find((r) => existsSync(r.path))?.path ?? path.join(config.dataDir, 'projects', `demo-station${PROJECT_EXTENSION}`);
  const isDemo = !config.projectPath && !existsSync(initialPath) && initialPath.endsWith(`demo-station${PROJECT_EXTENSION}`);
  await openProject(initialPath, { create: isDemo || config.projectPath === undefined || config.createProject === true, demo: isDemo });

  const statusTimer = setInterval(() => {
    void statusSnapshot().then(
      (s) => bus.publish('app.status', s),
      () => {},
    );
  }, config.statusIntervalMs ?? 1000);
  statusTimer.unref();

  // Periodic checkpoint keeps the journal short; the journal already makes every write durable.
  const checkpointTimer = setInterval(() => {
    if (dirtySince !== undefined && Date.now() - dirtySince > 30_000) {
      dirtySince = undefined;
      void store.checkpoint().catch((error: unknown) => log.error('checkpoint failed', error));
    }
  }, 5_000);
  checkpointTimer.unref();

  async function migrateAll(): Promise<void> {
    await migrate(store, [...projectMigrations, ...eventStoreMigrations, ...[...domains.values()].flatMap((d) => d.migrations ?? [])]);
  }

  async function openProject(target: string, options: { create?: boolean; name?: string; demo?: boolean } = {}): Promise<ProjectInfo> {
    const resolved = path.resolve(target);
    const isNew = !existsSync(resolved);
    if (isNew && !options.create) throw Object.assign(new Error(`Project file not found: ${resolved}`), { code: 'NOT_FOUND' });
    if (!isNew) assertSqliteFile(resolved);
    await closeProjectServices();
    mkdirSync(path.dirname(resolved), { recursive: true });
    await store.open(resolved, { create: true });
    projectPath = resolved;
    await migrateAll();
    if (isNew) {
      const demoMeta = options.demo ? readDemoMeta(config.resourcesDir) : undefined;
      await writeMeta(store, { ...DEFAULT_META, ...demoMeta, ...(options.name ? { name: options.name } : {}), createdAt: Date.now() });
      if (options.demo) for (const d of domains.values()) await isolate(d, 'seedDemo', () => d.seedDemo?.());
      await events.append({ type: 'project.created', source: 'project', data: { path: resolved, demo: Boolean(options.demo) } });
      await store.checkpoint();
    }
    for (const d of domains.values()) await isolate(d, 'onProjectOpened', () => d.onProjectOpened?.({ isNew, isDemo: Boolean(options.demo) }));
    const info = await projectInfo();
    settings.addRecent(resolved, info.meta.name);
    bus.publish('project.changed', info);
    return info;
  }

  /** One domain failing to seed or load must not keep the app (and every other area) from starting. */
  async function isolate(d: Domain, step: string, fn: () => Promise<void> | undefined): Promise<void> {
    try {
      await fn();
    } catch (error) {
      log.error(`domain ${d.name} failed in ${step}`, error);
      await events
        .append({ type: 'core.domain.failed', source: d.name, data: { step, message: error instanceof Error ? error.message : String(error) } })
        .catch(() => {});
    }
  }

  async function closeProjectServices(): Promise<void> {
    if (projectPath === undefined) return;
    for (const d of domains.values()) {
      try {
        await d.onProjectClosing?.();
      } catch (error) {
        log.error(`domain ${d.name} failed to close`, error);
      }
    }
  }

  async function saveProjectAs(target: string): Promise<ProjectInfo> {
    const resolved = path.resolve(target);
    mkdirSync(path.dirname(resolved), { recursive: true });
    await store.saveAs(resolved);
    projectPath = resolved;
    await events.append({ type: 'project.savedAs', source: 'project', data: { path: resolved } });
    await store.checkpoint();
    const info = await projectInfo();
    settings.addRecent(resolved, info.meta.name);
    bus.publish('project.changed', info);
    return info;
  }

  async function updateProjectMeta(patch: Partial<ProjectMeta>): Promise<ProjectInfo> {
    const before = await readMeta(store);
    await writeMeta(store, patch);
    const changed = Object.fromEntries(Object.entries(patch).filter(([k, v]) => before[k as keyof ProjectMeta] !== v).map(([k, v]) => [k, { from: before[k as keyof ProjectMeta], to: v }]));
    await ctx.audit({ type: 'config.project.updated', source: 'project', data: { changed } });
    const info = await projectInfo();
    bus.publish('project.changed', info);
    return info;
  }

  async function projectInfo(): Promise<ProjectInfo> {
    const storeInfo = await store.info();
    const meta = await readMeta(store);
    const tables = await store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name");
    const counts = await Promise.all(tables.map(async (t) => ({ name: t.name, rows: Number((await store.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "${t.name.replace(/"/g, '""')}"`))[0]?.n ?? 0) })));
    const { createdAt, ...rest } = meta;
    return {
      ...(storeInfo.path ? { path: storeInfo.path } : {}),
      meta: rest,
      schemaVersion: 1,
      createdAt,
      sizeBytes: storeInfo.sizeBytes,
      budgetBytes: PROJECT_BUDGET_BYTES,
      ...(storeInfo.lastCheckpointAt !== undefined ? { lastCheckpointAt: storeInfo.lastCheckpointAt } : {}),
      journalBytes: storeInfo.journalBytes,
      tables: counts,
    };
  }

  async function statusSnapshot(): Promise<StatusSnapshot> {
    const storeInfo = await store.info();
    const meta = await readMeta(store);
    const snapshot: StatusSnapshot = {
      time: Date.now(),
      project: { name: meta.name, ...(storeInfo.path ? { path: storeInfo.path } : {}), dirty: storeInfo.journalBytes > 0, sizeBytes: storeInfo.sizeBytes, budgetBytes: PROJECT_BUDGET_BYTES },
      listeners: { running: 0, total: 0 },
      throughput: { framesPerSec: 0, errorsPerSec: 0 },
      alarms: { active: 0, unacknowledged: 0 },
      jobs: jobs.counts(),
    };
    for (const d of domains.values()) d.contributeStatus?.(snapshot);
    return snapshot;
  }

  async function close(): Promise<void> {
    clearInterval(statusTimer);
    clearInterval(checkpointTimer);
    await closeProjectServices();
    for (const d of domains.values()) {
      try {
        await d.stop?.();
      } catch (error) {
        log.error(`domain ${d.name} failed to stop`, error);
      }
    }
    await jobs.close();
    await store.close(); // checkpoints first
  }

  return core;
}

/** Refuse files that are not SQLite databases before handing them to sql.js. */
function assertSqliteFile(file: string): void {
  const header = readFileSync(file).subarray(0, 16).toString('latin1');
  if (header.length > 0 && header !== 'SQLite format 3\u0000') {
    throw Object.assign(new Error(`${file} is not a Station Workbench project (not an SQLite file)`), { code: 'VALIDATION' });
  }
}

function readDemoMeta(resourcesDir: string): Partial<ProjectMeta> | undefined {
  try {
    return JSON.parse(readFileSync(path.join(resourcesDir, 'demo', 'project.json'), 'utf8')) as Partial<ProjectMeta>;
  } catch {
    return undefined;
  }
}
