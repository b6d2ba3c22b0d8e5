/**
 * Tables of the curves area: pumps (with manufacturer curve points and the guarantee point),
 * saved fits (a row per fit with the full engine result in result_json), and the project's
 * ISO 9906 tolerance table (rows only for grades the project edited; the rest are defaults).
 */
import type { CurveKind, FitSuccessJson, Iso9906GradeId, ManufacturerPoint, ModelSpec, SavedFit, SavedFitSummary, ToleranceFactorsInput, GuaranteePointInput } from '#shared/rpc/domains/curves';
import type { Migration } from '../store/migrations';
import type { IStore, WriteStatement } from '../store/types';

export const CURVES_MIGRATIONS: Migration[] = [
  {
    domain: 'curves',
    version: 1,
    name: 'pumps, saved fits, ISO 9906 tolerance table',
    sql: `CREATE TABLE pumps (id TEXT PRIMARY KEY, name TEXT NOT NULL, rated_speed_rpm REAL NOT NULL, manufacturer_json TEXT NOT NULL, guarantee_json TEXT, grade TEXT NOT NULL, notes TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE fits (id TEXT PRIMARY KEY, pump_id TEXT NOT NULL, curve_kind TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL, dataset_id TEXT NOT NULL, x_column TEXT NOT NULL, y_column TEXT NOT NULL, excluded_json TEXT NOT NULL, model_json TEXT NOT NULL, label TEXT NOT NULL, expression TEXT NOT NULL, engine TEXT NOT NULL, parameters_json TEXT NOT NULL, metrics_json TEXT NOT NULL, cv_rmse REAL, flow_min REAL NOT NULL, flow_max REAL NOT NULL, provenance_json TEXT NOT NULL, result_json TEXT NOT NULL);
CREATE INDEX fits_pump ON fits(pump_id, curve_kind, created_at);
CREATE TABLE iso9906_tolerances (grade TEXT PRIMARY KEY, flow_minus REAL NOT NULL, flow_plus REAL NOT NULL, head_minus REAL NOT NULL, head_plus REAL NOT NULL, power_plus REAL NOT NULL, efficiency_minus REAL NOT NULL, source TEXT NOT NULL, updated_at INTEGER NOT NULL)`,
  },
];

export type PumpRow = {
  id: string;
  name: string;
  ratedSpeedRpm: number;
  manufacturerPoints: ManufacturerPoint[];
  guarantee: GuaranteePointInput | undefined;
  grade: Iso9906GradeId;
  notes: string;
  updatedAt: number;
};

type PumpSql = { id: string; name: string; rated_speed_rpm: number; manufacturer_json: string; guarantee_json: string | null; grade: string; notes: string; updated_at: number };
type FitSql = {
  id: string;
  pump_id: string;
  curve_kind: string;
  name: string;
  created_at: number;
  dataset_id: string;
  x_column: string;
  y_column: string;
  excluded_json: string;
  model_json: string;
  label: string;
  expression: string;
  engine: string;
  parameters_json: string;
  metrics_json: string;
  cv_rmse: number | null;
  flow_min: number;
  flow_max: number;
  provenance_json: string;
  result_json?: string;
};
type TolSql = { grade: string; flow_minus: number; flow_plus: number; head_minus: number; head_plus: number; power_plus: number; efficiency_minus: number; source: string; updated_at: number };

function parse<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const SUMMARY_COLUMNS = 'id, pump_id, curve_kind, name, created_at, dataset_id, x_column, y_column, excluded_json, model_json, label, expression, engine, parameters_json, metrics_json, cv_rmse, flow_min, flow_max, provenance_json';

function toSummary(r: FitSql): SavedFitSummary {
  return {
    id: r.id,
    pumpId: r.pump_id,
    curveKind: r.curve_kind as CurveKind,
    name: r.name,
    createdAt: Number(r.created_at),
    datasetId: r.dataset_id,
    xColumn: r.x_column,
    yColumn: r.y_column,
    excluded: parse<number[]>(r.excluded_json, []),
    model: parse<ModelSpec>(r.model_json, { kind: 'custom', expression: r.expression, parameters: [{ name: 'b1', start: 1 }] }),
    label: r.label,
    expression: r.expression,
    engine: r.engine,
    parameters: parse(r.parameters_json, []),
    metrics: parse(r.metrics_json, { n: 0, p: 0, dof: 0, rss: null, residualSd: null, rmse: null, r2: null, adjR2: null, r2Uncentred: false, aic: null, bic: null }),
    ...(r.cv_rmse !== null ? { cvRmse: r.cv_rmse } : {}),
    flowRangeM3h: [Number(r.flow_min), Number(r.flow_max)],
    provenance: parse(r.provenance_json, { datasetName: '', datasetSteps: [], datasetRowCount: 0, savedAt: Number(r.created_at), options: {} }),
  };
}

export class CurvesRepository {
  constructor(private readonly store: () => IStore) {}

  // ---- pumps ---------------------------------------------------------------------------------

  async pumps(): Promise<PumpRow[]> {
    const rows = await this.store().query<PumpSql>('SELECT * FROM pumps ORDER BY id');
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      ratedSpeedRpm: Number(r.rated_speed_rpm),
      manufacturerPoints: parse<ManufacturerPoint[]>(r.manufacturer_json, []),
      guarantee: parse<GuaranteePointInput | undefined>(r.guarantee_json, undefined),
      grade: r.grade as Iso9906GradeId,
      notes: r.notes,
      updatedAt: Number(r.updated_at),
    }));
  }

  async pump(id: string): Promise<PumpRow | undefined> {
    return (await this.pumps()).find((p) => p.id === id);
  }

  upsertPumpStatement(p: PumpRow): WriteStatement {
    return {
      sql: `INSERT INTO pumps(id, name, rated_speed_rpm, manufacturer_json, guarantee_json, grade, notes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET name = excluded.name, rated_speed_rpm = excluded.rated_speed_rpm, manufacturer_json = excluded.manufacturer_json, guarantee_json = excluded.guarantee_json, grade = excluded.grade, notes = excluded.notes, updated_at = excluded.updated_at`,
      params: [p.id, p.name, p.ratedSpeedRpm, JSON.stringify(p.manufacturerPoints), p.guarantee ? JSON.stringify(p.guarantee) : null, p.grade, p.notes, p.updatedAt],
    };
  }

  async savePump(p: PumpRow): Promise<void> {
    await this.store().write([this.upsertPumpStatement(p)]);
  }

  async deletePump(id: string): Promise<boolean> {
    const existed = (await this.store().query('SELECT 1 FROM pumps WHERE id = ?', [id])).length > 0;
    await this.store().write([
      { sql: 'DELETE FROM fits WHERE pump_id = ?', params: [id] },
      { sql: 'DELETE FROM pumps WHERE id = ?', params: [id] },
    ]);
    return existed;
  }

  async fitCounts(): Promise<Map<string, { head: number; efficiency: number; power: number }>> {
    const rows = await this.store().query<{ pump_id: string; curve_kind: string; n: number }>('SELECT pump_id, curve_kind, COUNT(*) AS n FROM fits GROUP BY pump_id, curve_kind');
    const out = new Map<string, { head: number; efficiency: number; power: number }>();
    for (const r of rows) {
      const c = out.get(r.pump_id) ?? { head: 0, efficiency: 0, power: 0 };
      if (r.curve_kind === 'head' || r.curve_kind === 'efficiency' || r.curve_kind === 'power') c[r.curve_kind] = Number(r.n);
      out.set(r.pump_id, c);
    }
    return out;
  }

  // ---- fits ----------------------------------------------------------------------------------

  async fits(filter: { pumpId?: string; curveKind?: CurveKind; ids?: string[] }): Promise<SavedFitSummary[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.pumpId) {
      where.push('pump_id = ?');
      params.push(filter.pumpId);
    }
    if (filter.curveKind) {
      where.push('curve_kind = ?');
      params.push(filter.curveKind);
    }
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      where.push(`id IN (${filter.ids.map(() => '?').join(', ')})`);
      params.push(...filter.ids);
    }
    const rows = await this.store().query<FitSql>(`SELECT ${SUMMARY_COLUMNS} FROM fits ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id`, params);
    return rows.map(toSummary);
  }

  async fit(id: string): Promise<SavedFit | undefined> {
    const rows = await this.store().query<FitSql>(`SELECT ${SUMMARY_COLUMNS}, result_json FROM fits WHERE id = ?`, [id]);
    const r = rows[0];
    if (!r) return undefined;
    const result = parse<FitSuccessJson | undefined>(r.result_json, undefined);
    if (!result) return undefined;
    return { ...toSummary(r), result };
  }

  async insertFit(f: SavedFit): Promise<void> {
    await this.store().write([
      {
        sql: `INSERT INTO fits(${SUMMARY_COLUMNS}, result_json) VALUES (${new Array(20).fill('?').join(', ')})`,
        params: [
          f.id,
          f.pumpId,
          f.curveKind,
          f.name,
          f.createdAt,
          f.datasetId,
          f.xColumn,
          f.yColumn,
          JSON.stringify(f.excluded),
          JSON.stringify(f.model),
          f.label,
          f.expression,
          f.engine,
          JSON.stringify(f.parameters),
          JSON.stringify(f.metrics),
          f.cvRmse ?? null,
          f.flowRangeM3h[0],
          f.flowRangeM3h[1],
          JSON.stringify(f.provenance),
          JSON.stringify(f.result),
        ],
      },
    ]);
  }

  async deleteFit(id: string): Promise<SavedFitSummary | undefined> {
    const existing = (await this.fits({ ids: [id] }))[0];
    if (existing) await this.store().write([{ sql: 'DELETE FROM fits WHERE id = ?', params: [id] }]);
    return existing;
  }

  // ---- tolerances ----------------------------------------------------------------------------

  async tolerances(): Promise<Map<Iso9906GradeId, { factors: ToleranceFactorsInput; source: string; updatedAt: number }>> {
    const rows = await this.store().query<TolSql>('SELECT * FROM iso9906_tolerances');
    return new Map(
      rows.map((r) => [
        r.grade as Iso9906GradeId,
        {
          factors: { flowMinus: r.flow_minus, flowPlus: r.flow_plus, headMinus: r.head_minus, headPlus: r.head_plus, powerPlus: r.power_plus, efficiencyMinus: r.efficiency_minus },
          source: r.source,
          updatedAt: Number(r.updated_at),
        },
      ]),
    );
  }

  async setTolerance(grade: Iso9906GradeId, f: ToleranceFactorsInput, source: string, at: number): Promise<void> {
    await this.store().write([
      {
        sql: `INSERT INTO iso9906_tolerances(grade, flow_minus, flow_plus, head_minus, head_plus, power_plus, efficiency_minus, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(grade) DO UPDATE SET flow_minus = excluded.flow_minus, flow_plus = excluded.flow_plus, head_minus = excluded.head_minus, head_plus = excluded.head_plus, power_plus = excluded.power_plus, efficiency_minus = excluded.efficiency_minus, source = excluded.source, updated_at = excluded.updated_at`,
        params: [grade, f.flowMinus, f.flowPlus, f.headMinus, f.headPlus, f.powerPlus, f.efficiencyMinus, source, at],
      },
    ]);
  }

  async resetTolerance(grade: Iso9906GradeId): Promise<void> {
    await this.store().write([{ sql: 'DELETE FROM iso9906_tolerances WHERE grade = ?', params: [grade] }]);
  }
}
