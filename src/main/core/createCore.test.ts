import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { methods } from '#shared/rpc/contract';
import { StoreEngine } from '../store/engine';
import { InProcessComputePool } from '../workers/inProcessPool';
import { createCore, type Core } from './createCore';
import { defaultResourcesDir } from './paths';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

async function testCore(projectPath?: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'swb-core-'));
  const core = await createCore({
    host: 'test',
    dataDir,
    resourcesDir: defaultResourcesDir(),
    ...(projectPath ? { projectPath } : {}),
    store: new StoreEngine(),
    pool: new InProcessComputePool(),
    validateOutput: true,
    startServices: false,
  });
  cores.push(core);
  const call = async (method: string, params: unknown) => {
    const r = await core.rpc.dispatch(method, params, { signal: new AbortController().signal, peer: 'test' });
    if (!r.ok) throw r.error;
    return r.result as never;
  };
  return { core, dataDir, call };
}

describe('createCore', () => {
  it('starts on the demo station on first run, with a handler for every contract method', async () => {
    const { core } = await testCore();
    const info = await core.projectInfo();
    expect(info.meta.name).toMatch(/Demo station/);
    expect(info.path).toMatch(/demo-station\.swb$/);
    expect(Object.keys(methods).length).toBeGreaterThan(5); // completeness itself is enforced by createCore
  });

  it('new -> update -> save as -> reopen keeps the data and audits the change', async () => {
    const { dataDir, call, core } = await testCore();
    const first = path.join(dataDir, 'a.swb');
    await call('project.new', { path: first, name: 'A' });
    await call('project.update', { client: 'ACME', engineer: 'R. Diaz' });
    const copy = path.join(dataDir, 'b.swb');
    await call('project.saveAs', { path: copy });
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const again = await testCore(copy);
    const info = await again.core.projectInfo();
    expect(info.meta).toMatchObject({ name: 'A', client: 'ACME', engineer: 'R. Diaz' });
    const events = (await again.call('events.query', { type: 'config.*' })) as { events: Array<{ type: string; data: unknown }> };
    expect(events.events[0]).toMatchObject({ type: 'config.project.updated', data: { changed: { client: { from: '', to: 'ACME' } } } });
  });

  it('refuses to open a file that is not a project and keeps the current one open', async () => {
    const { dataDir, call, core } = await testCore();
    const before = await core.projectInfo();
    const bogus = path.join(dataDir, 'notes.swb');
    (await import('node:fs')).writeFileSync(bogus, 'hello, not sqlite');
    await expect(call('project.open', { path: bogus })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('not a Station Workbench project') });
    await expect(call('project.open', { path: path.join(dataDir, 'nope.swb') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await core.projectInfo()).path).toBe(before.path);
  });

  it('project.new refuses to overwrite an existing file', async () => {
    const { dataDir, call } = await testCore();
    const p = path.join(dataDir, 'x.swb');
    await call('project.new', { path: p });
    await expect(call('project.new', { path: p })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('runs compute jobs with progress and reports them in jobs.list', async () => {
    const { core, call } = await testCore();
    const job = core.ctx.jobs.start<{ stopped: boolean }>('diagnostics.spin', 'Spin test', { ms: 30 });
    await expect(job.result).resolves.toMatchObject({ stopped: false });
    const list = (await call('jobs.list', {})) as { jobs: Array<{ id: string; state: string }> };
    expect(list.jobs.find((j) => j.id === job.id)?.state).toBe('done');
  });
});

describe('createCore resilience', () => {
  it('a domain that fails to seed or load is logged as an event and the others still start', async () => {
    const { domainFactories } = await import('./domains');
    const broken = () => ({
      name: 'broken-for-test',
      seedDemo: async () => {
        throw new Error('seed exploded');
      },
      onProjectOpened: async () => {
        throw new Error('load exploded');
      },
    });
    domainFactories.push(broken);
    try {
      const { core, call } = await testCore();
      expect((await core.projectInfo()).meta.name).toMatch(/Demo station/);
      const failures = (await call('events.query', { type: 'core.domain.failed' })) as { events: Array<{ source: string; data: { step: string } }> };
      expect(failures.events.map((e) => e.data.step).sort()).toEqual(['onProjectOpened', 'seedDemo']);
    } finally {
      domainFactories.pop();
    }
  });
});
