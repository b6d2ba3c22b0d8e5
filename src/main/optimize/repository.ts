/**
 * Tables of the optimize area. `stations.json` holds the station document (readable by any tool and
 * by the reports area); `optimization_runs.result_json` holds the run's result (the reports area
 * reads it, and `.operatingTable` inside it for table runs).
 */
import type { OptimizationRun, OptimizationRunResult, RunKind, RunSummary, StationDocument, StationSummary } from '#shared/rpc/domains/optimize';
import type { Migration } from '../store/migrations';
import type { IStore, SqlValue } from '../store/types';

export const optimizeMigrations: Migration[] = [
  {
    domain: 'optimize',
    version: 1,
    name: 'stations and optimization runs',
    sql: `CREATE TABLE stations (id TEXT PRIMARY KEY, name TEXT NOT NULL, json TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE optimization_runs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, created_at INTEGER NOT NULL, station_id TEXT NOT NULL, station_name TEXT NOT NULL, algorithm TEXT NOT NULL, seed INTEGER, demand_m3h REAL, feasible INTEGER NOT NULL, objective REAL, objective_unit TEXT NOT NULL, evaluations INTEGER NOT NULL, ms REAL NOT NULL, summary TEXT NOT NULL, settings_json TEXT NOT NULL, input_json TEXT NOT NULL, result_json TEXT NOT NULL);
CREATE INDEX optimization_runs_created ON optimization_runs(created_at)`,
  },
];

type StationRow = { id: string; name: string; json: string; created_at: number; updated_at: number };
type RunRow = {
  id: string;
  kind: string;
  created_at: number;
  station_id: string;
  station_name: string;
  algorithm: string;
  seed: number | null;
  demand_m3h: number | null;
  feasible: number;
  objective: number | null;
  objective_unit: string;
  evaluations: number;
  ms: number;
  summary: string;
  settings_json: string;
  input_json: string;
  result_json: string;
};

export type StoredStation = StationSummary & { document: StationDocument };

function toStation(row: StationRow): StoredStation {
  const document = JSON.parse(row.json) as StationDocument;
  const pumps = Array.isArray(document.pumps) ? document.pumps.length : 0;
  return { id: row.id, name: row.name, pumps, createdAt: row.created_at, updatedAt: row.updated_at, document };
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    kind: row.kind as RunKind,
    createdAt: row.created_at,
    stationId: row.station_id,
    stationName: row.station_name,
    algorithm: row.algorithm,
    seed: row.seed,
    demandM3h: row.demand_m3h,
    feasible: row.feasible === 1,
    objective: row.objective,
    objectiveUnit: row.objective_unit,
    evaluations: row.evaluations,
    ms: row.ms,
    settings: JSON.parse(row.settings_json) as Record<string, unknown>,
    summary: row.summary,
  };
}

const SUMMARY_COLUMNS = 'id, kind, created_at, station_id, station_name, algorithm, seed, demand_m3h, feasible, objective, objective_unit, evaluations, ms, summary, settings_json';

export class OptimizeRepository {
  constructor(private readonly store: () => IStore) {}

  async listStations(): Promise<StoredStation[]> {
    return (await this.store().query<StationRow>('SELECT * FROM stations ORDER BY updated_at DESC, name')).map(toStation);
  }

  async getStation(id: string): Promise<StoredStation | undefined> {
    const [row] = await this.store().query<StationRow>('SELECT * FROM stations WHERE id = ?', [id]);
    return row ? toStation(row) : undefined;
  }

  async putStation(station: { id: string; name: string; document: StationDocument; createdAt: number; updatedAt: number }): Promise<void> {
    await this.store().write([
      {
        sql: 'INSERT INTO stations(id, name, json, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, json = excluded.json, updated_at = excluded.updated_at',
        params: [station.id, station.name, JSON.stringify(station.document), station.createdAt, station.updatedAt],
      },
    ]);
  }

  async deleteStation(id: string): Promise<boolean> {
    const [r] = await this.store().write([{ sql: 'DELETE FROM stations WHERE id = ?', params: [id] }]);
    return (r?.changes ?? 0) > 0;
  }

  async insertRun(run: OptimizationRun, input: unknown): Promise<void> {
    const params: SqlValue[] = [
      run.id,
      run.kind,
      run.createdAt,
      run.stationId,
      run.stationName,
      run.algorithm,
      run.seed,
      run.demandM3h,
      run.feasible ? 1 : 0,
      run.objective,
      run.objectiveUnit,
      run.evaluations,
      run.ms,
      run.summary,
      JSON.stringify(run.settings),
      JSON.stringify(input),
      JSON.stringify(run.result),
    ];
    await this.store().write([
      {
        sql: `INSERT INTO optimization_runs(${SUMMARY_COLUMNS}, input_json, result_json) VALUES (${params.map(() => '?').join(', ')})`,
        params,
      },
    ]);
  }

  async listRuns(filter: { kind?: RunKind; stationId?: string; limit: number }): Promise<RunSummary[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.kind) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.stationId) {
      where.push('station_id = ?');
      params.push(filter.stationId);
    }
    params.push(filter.limit);
    const rows = await this.store().query<RunRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM optimization_runs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      params,
    );
    return rows.map(toSummary);
  }

  async getRun(id: string): Promise<OptimizationRun | undefined> {
    const [row] = await this.store().query<RunRow>('SELECT * FROM optimization_runs WHERE id = ?', [id]);
    return row ? { ...toSummary(row), result: JSON.parse(row.result_json) as OptimizationRunResult } : undefined;
  }

  async deleteRun(id: string): Promise<boolean> {
    const [r] = await this.store().write([{ sql: 'DELETE FROM optimization_runs WHERE id = ?', params: [id] }]);
    return (r?.changes ?? 0) > 0;
  }
}
