import type { Migration } from '../store/migrations';
import { tsMigrationsSql } from './tsStore';

export const monitorMigrations: Migration[] = [
  {
    domain: 'monitor',
    version: 1,
    name: 'channels, time series, dashboards, alarms, devices, recordings',
    sql: `${tsMigrationsSql}
CREATE TABLE monitor_channels (id TEXT PRIMARY KEY, config_json TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE monitor_dashboards (id TEXT PRIMARY KEY, name TEXT NOT NULL, panels_json TEXT NOT NULL, position INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE monitor_alarm_rules (id TEXT PRIMARY KEY, config_json TEXT NOT NULL, shelved_until INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE monitor_alarms (id TEXT PRIMARY KEY, rule_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL, state TEXT NOT NULL, acknowledged INTEGER NOT NULL, escalated INTEGER NOT NULL, raised_at INTEGER NOT NULL, cleared_at INTEGER, acked_at INTEGER, ack_comment TEXT, acked_by TEXT, value REAL, message TEXT NOT NULL);
CREATE INDEX monitor_alarms_raised ON monitor_alarms(raised_at);
CREATE INDEX monitor_alarms_open ON monitor_alarms(state, acknowledged);
CREATE TABLE monitor_devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, origin TEXT NOT NULL, kind TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, address TEXT NOT NULL, info_json TEXT NOT NULL);
CREATE TABLE monitor_recordings (id TEXT PRIMARY KEY, name TEXT NOT NULL, channel_ids_json TEXT NOT NULL, state TEXT NOT NULL, started_at INTEGER NOT NULL, stopped_at INTEGER, dataset_id TEXT, row_count INTEGER NOT NULL DEFAULT 0, error TEXT);
CREATE TABLE monitor_kv (key TEXT PRIMARY KEY, value_json TEXT NOT NULL)`,
  },
  {
    // Shared with the data-import area: same tables, same columns; whoever migrates first creates them.
    domain: 'datasets-shared',
    version: 1,
    name: 'datasets and dataset rows',
    sql: `CREATE TABLE IF NOT EXISTS datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL, source TEXT NOT NULL, row_count INTEGER NOT NULL, columns_json TEXT NOT NULL, provenance_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dataset_rows (dataset_id TEXT NOT NULL, row_index INTEGER NOT NULL, values_json TEXT NOT NULL, PRIMARY KEY (dataset_id, row_index))`,
  },
];
