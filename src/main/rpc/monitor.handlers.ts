import type { DomainFactory } from '../core/domain';
import { monitorMigrations } from '../monitor/migrations';
import { seedMonitorDemo } from '../monitor/demo';
import { MonitorService } from '../monitor/service';
import { computeStorageStats } from '../monitor/storageStats';
import type { GatewayDomain } from './gateway.handlers';
import { rpcGuard } from './rpcError';

/** Live monitoring: channels, time series, live stream, dashboards, alarms, devices, recordings. */
export const createMonitorDomain: DomainFactory = (ctx) => {
  const m = new MonitorService(ctx);
  const audit = (what: string, data: Record<string, unknown>) => ctx.audit({ type: `config.monitor.${what}`, source: 'monitor', data });
  /** The gateway's target ids, for checking alarm forwarding (undefined when no gateway runs in this core). */
  const gatewayTargets = () => ctx.domain<GatewayDomain>('gateway')?.service?.getConfig().config.targets.map((t) => t.id);
  return {
    name: 'monitor',
    migrations: monitorMigrations,
    seedDemo: () => seedMonitorDemo(m),
    onProjectOpened: () => m.open({ listeners: ctx.config.startServices !== false && ctx.config.host !== 'cli' }),
    onProjectClosing: () => m.close(),
    stop: () => m.close(),
    contributeStatus: (s) => {
      s.alarms = m.alarmCounts();
    },
    handlers: {
      'monitor.channels.list': () => m.listChannels(),
      'monitor.channels.create': (input) =>
        rpcGuard(async () => {
          const c = await m.createChannel(input);
          await audit('channel.created', { id: c.id, binding: c.binding });
          return c;
        }),
      'monitor.channels.update': (patch) =>
        rpcGuard(async () => {
          const { before, after } = await m.updateChannel(patch);
          await audit('channel.updated', { id: after.id, changed: diff(before, after) });
          return after;
        }),
      'monitor.channels.delete': ({ id, deleteData }) =>
        rpcGuard(async () => {
          const deleted = await m.deleteChannel(id, deleteData);
          if (deleted) await audit('channel.deleted', { id, deleteData });
          return { deleted };
        }),
      'monitor.channels.fields': () => m.observedFields(),
      'monitor.series.latest': ({ channelIds }) => m.latest(channelIds),
      'monitor.series.range': ({ channelIds, from, to, maxPoints }) => rpcGuard(() => m.range(channelIds, from, to, maxPoints)),
      'monitor.series.stats': ({ channelId, from, to }) => rpcGuard(() => m.stats(channelId, from, to)),
      'monitor.series.exportCsv': ({ channelIds, from, to, path }) => rpcGuard(() => m.exportCsv(channelIds, from, to, path)),
      'monitor.pipeline.stats': () => m.pipelineStats(),
      'monitor.settings.get': () => m.getSettings(),
      'monitor.settings.set': (patch) =>
        rpcGuard(async () => {
          const before = m.getSettings();
          const after = await m.setSettings(patch);
          await audit('settings.updated', { changed: diff(before, after) });
          return after;
        }),
      'monitor.storage.stats': () => rpcGuard(() => computeStorageStats(ctx.store, m.getSettings())),
      'monitor.dashboards.list': () => m.listDashboards(),
      'monitor.dashboards.save': (input) =>
        rpcGuard(async () => {
          const { dashboard, created } = await m.saveDashboard(input);
          await audit(created ? 'dashboard.created' : 'dashboard.updated', { id: dashboard.id, name: dashboard.name, panels: dashboard.panels.length });
          return dashboard;
        }),
      'monitor.dashboards.delete': ({ id }) =>
        rpcGuard(async () => {
          const deleted = await m.deleteDashboard(id);
          if (deleted) await audit('dashboard.deleted', { id });
          return { deleted };
        }),
      'monitor.alarmRules.list': () => m.listRules(),
      'monitor.alarmRules.create': (input) =>
        rpcGuard(async () => {
          const r = await m.createRule(input);
          await audit('alarmRule.created', { id: r.id, kind: r.kind, channelId: r.channelId, threshold: r.threshold });
          return r;
        }),
      'monitor.alarmRules.update': (patch) =>
        rpcGuard(async () => {
          const { before, after } = await m.updateRule(patch);
          await audit('alarmRule.updated', { id: after.id, changed: diff(before, after) });
          return after;
        }),
      'monitor.alarmRules.delete': ({ id }) =>
        rpcGuard(async () => {
          const deleted = await m.deleteRule(id);
          if (deleted) await audit('alarmRule.deleted', { id });
          return { deleted };
        }),
      'monitor.alarms.active': () => m.activeAlarms(),
      'monitor.alarms.history': (q) => m.alarmHistory(q),
      'monitor.alarms.ack': ({ ids, comment }, call) =>
        rpcGuard(async () => {
          const changed = await m.acknowledge(ids, comment, call.peer);
          if (changed.length > 0) await ctx.events.append({ type: 'monitor.alarm.acknowledged', source: 'monitor', data: { ids: changed.map((a) => a.id), names: changed.map((a) => a.name), comment, by: call.peer } });
          return { acknowledged: changed.length };
        }),
      'monitor.alarms.shelve': ({ ruleId, minutes, comment }) =>
        rpcGuard(async () => {
          const r = await m.shelveRule(ruleId, minutes);
          await audit('alarmRule.shelved', { id: ruleId, minutes, comment, until: r.shelvedUntil });
          return r;
        }),
      'monitor.maintenance.get': () => m.maintenance,
      'monitor.maintenance.set': ({ enabled, reason, minutes }) =>
        rpcGuard(async () => {
          const state = await m.setMaintenance(enabled, reason, minutes);
          await audit('maintenance', { enabled, reason, minutes });
          return state;
        }),
      'monitor.devices.list': () => m.listDevices(),
      'monitor.devices.get': ({ id }) => rpcGuard(() => m.getDevice(id)),
      'monitor.devices.delete': ({ id }) =>
        rpcGuard(async () => {
          const deleted = await m.deleteDevice(id);
          if (deleted) await audit('device.deleted', { id });
          return { deleted };
        }),
      'monitor.devices.settings': () => ({ settings: m.deviceSettings, listeners: m.listenerState() }),
      'monitor.devices.setSettings': (patch) =>
        rpcGuard(async () => {
          const before = { ...m.deviceSettings };
          const settings = await m.setDeviceSettings(patch);
          await audit('devices.settings', { changed: diff(before, settings) });
          return { settings, listeners: m.listenerState() };
        }),
      'monitor.alarmForwarding.get': () => m.alarmForwarding(gatewayTargets()),
      'monitor.alarmForwarding.set': (patch) =>
        rpcGuard(async () => {
          const known = gatewayTargets();
          const { before, after } = await m.setAlarmForwarding(patch, known);
          await audit('alarmForwarding', { changed: diff(before, after) });
          return m.alarmForwarding(known);
        }),
      'monitor.alarmForwarding.test': ({ targetIds }) =>
        rpcGuard(async () => {
          const sent = m.sendTestAlarmEvent(targetIds, gatewayTargets());
          await audit('alarmForwarding.tested', sent);
          return sent;
        }),
      'monitor.recordings.list': () => m.listRecordings(),
      'monitor.recordings.start': ({ name, channelIds }) =>
        rpcGuard(async () => {
          const r = await m.startRecording(name, channelIds);
          await audit('recording.started', { id: r.id, name, channelIds });
          return r;
        }),
      'monitor.recordings.stop': ({ id }) =>
        rpcGuard(async () => {
          const r = await m.stopRecording(id);
          await audit('recording.stopped', { id, datasetId: r.datasetId, rows: r.rowCount });
          return r;
        }),
    },
  };
};

/** Field-level diff for the audit trail. */
function diff(before: object, after: object): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === 'updatedAt' || key === 'latest') continue;
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) out[key] = { from: b[key], to: a[key] };
  }
  return out;
}
