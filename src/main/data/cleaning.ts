import { columnKey } from '#shared/dataimport/index';
import type { CleaningStep, QualityReport } from '#shared/rpc/domains/data';
import { detectSteadyState, fillGaps, hampelOutliers, iqrOutliers, summarize, zScoreOutliers } from '#shared/series/index';
import type { DataTable } from './table';
import { DataError } from './uploads';

/** What a step changed, enough to undo it exactly. */
export type UndoRecord =
  | { type: 'cells'; cells: Array<[number, string, number | null]> }
  | { type: 'rows'; rows: number[] }
  | { type: 'column'; key: string };

export type StepOutcome = { affected: number; summary: string; undo: UndoRecord };

/** The time axis of the present rows: the first time column when usable (finite, non-decreasing), else the row index. */
export function timeAxis(table: DataTable, positions: Int32Array): { times: Float64Array; isTime: boolean } {
  const tc = table.timeColumn();
  if (tc >= 0) {
    const t = table.gather(tc, positions);
    let ok = true;
    for (let i = 0; i < t.length; i++) if (!Number.isFinite(t[i] as number) || (i > 0 && (t[i] as number) < (t[i - 1] as number))) ok = false;
    if (ok) return { times: t, isTime: true };
  }
  const idx = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i++) idx[i] = table.index[positions[i] as number] as number;
  return { times: idx, isTime: false };
}

function requireColumn(table: DataTable, key: string): number {
  const c = table.col(key);
  if (c < 0) throw new DataError('VALIDATION', `No column '${key}' in this dataset (columns: ${table.columns.map((x) => x.key).join(', ')})`);
  if (table.columns[c]?.quantity === 'time') throw new DataError('VALIDATION', `Column '${key}' holds timestamps; choose a measured column`);
  return c;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Applies one cleaning step to the table in memory. */
export function applyStep(table: DataTable, step: CleaningStep, stepId: string): StepOutcome {
  const positions = table.presentPositions();
  switch (step.kind) {
    case 'fill-gaps': {
      const { times, isTime } = timeAxis(table, positions);
      const cells: Array<[number, string, number | null]> = [];
      for (const key of step.columns) {
        const c = requireColumn(table, key);
        const values = table.gather(c, positions);
        const filled = fillGaps(times, values, step.method);
        // Runs of missing values longer than maxGapRows stay missing.
        let runStart = -1;
        for (let i = 0; i <= values.length; i++) {
          const missing = i < values.length && Number.isNaN(values[i] as number);
          if (missing && runStart < 0) runStart = i;
          if (!missing && runStart >= 0) {
            if (step.maxGapRows === undefined || i - runStart <= step.maxGapRows) {
              for (let k = runStart; k < i; k++) {
                const v = filled[k] as number;
                if (Number.isNaN(v)) continue;
                const pos = positions[k] as number;
                cells.push([table.index[pos] as number, key, null]);
                table.set(pos, c, v);
              }
            }
            runStart = -1;
          }
        }
      }
      return { affected: cells.length, summary: `Filled ${plural(cells.length, 'missing value')} in ${step.columns.join(', ')} (${step.method}${step.maxGapRows ? `, gaps ≤ ${step.maxGapRows} rows` : ''}${isTime ? '' : ', by row order'})`, undo: { type: 'cells', cells } };
    }
    case 'remove-outliers': {
      const flaggedRows = new Set<number>();
      const cells: Array<[number, string, number | null]> = [];
      for (const key of step.columns) {
        const c = requireColumn(table, key);
        const values = table.gather(c, positions);
        const flagged =
          step.method === 'hampel'
            ? hampelOutliers(values, { halfWindow: step.halfWindow ?? 3, nSigma: step.nSigma ?? 3 })
            : step.method === 'iqr'
              ? iqrOutliers(values, { k: step.k ?? 1.5 })
              : zScoreOutliers(values, { threshold: step.nSigma ?? 3 });
        for (const i of flagged) {
          const pos = positions[i] as number;
          if (step.action === 'exclude') flaggedRows.add(pos);
          else {
            cells.push([table.index[pos] as number, key, values[i] as number]);
            table.set(pos, c, NaN);
          }
        }
      }
      const method = step.method === 'hampel' ? `Hampel, ±${step.halfWindow ?? 3} rows, ${step.nSigma ?? 3}σ` : step.method === 'iqr' ? `IQR, k = ${step.k ?? 1.5}` : `z-score > ${step.nSigma ?? 3}`;
      if (step.action === 'exclude') {
        const rows = [...flaggedRows].sort((a, b) => a - b);
        for (const pos of rows) table.exclude(pos, stepId);
        return { affected: rows.length, summary: `Excluded ${plural(rows.length, 'row')} with outliers in ${step.columns.join(', ')} (${method})`, undo: { type: 'rows', rows: rows.map((p) => table.index[p] as number) } };
      }
      return { affected: cells.length, summary: `Blanked ${plural(cells.length, 'outlier')} in ${step.columns.join(', ')} (${method})`, undo: { type: 'cells', cells } };
    }
    case 'steady-state': {
      const c = requireColumn(table, step.column);
      const { times, isTime } = timeAxis(table, positions);
      const windowMs = isTime ? step.window * 1000 : step.window;
      const values = table.gather(c, positions);
      const result = detectSteadyState(times, values, { windowMs, maxRelStd: step.maxRelStd });
      let steadyRows = 0;
      for (let i = 0; i < result.steady.length; i++) steadyRows += result.steady[i] as number;
      const what = `${step.column}, window ${step.window} ${isTime ? 's' : 'rows'}, std ≤ ${(step.maxRelStd * 100).toPrecision(3)} %`;
      if (step.action === 'mark') {
        const key = columnKey('steady', new Set(table.columns.map((x) => x.key)));
        const col = new Float64Array(table.length).fill(NaN);
        for (let i = 0; i < positions.length; i++) col[positions[i] as number] = result.steady[i] as number;
        table.addColumn({ key, name: `Steady (${step.column})`, quantity: 'other', unit: '', sourceColumn: '' }, col);
        return { affected: steadyRows, summary: `Marked ${plural(steadyRows, 'steady row')} in ${result.intervals.length} stretches (column '${key}'; ${what})`, undo: { type: 'column', key } };
      }
      const rows: number[] = [];
      for (let i = 0; i < positions.length; i++) {
        if (result.steady[i]) continue;
        const pos = positions[i] as number;
        table.exclude(pos, stepId);
        rows.push(table.index[pos] as number);
      }
      return { affected: rows.length, summary: `Kept ${plural(steadyRows, 'steady row')} in ${result.intervals.length} stretches, excluded ${plural(rows.length, 'row')} (${what})`, undo: { type: 'rows', rows } };
    }
    case 'remove-duplicates': {
      const rows: number[] = [];
      if (step.column !== undefined || table.timeColumn() >= 0) {
        const key = step.column ?? (table.columns[table.timeColumn()]?.key as string);
        const c = table.col(key);
        if (c < 0) throw new DataError('VALIDATION', `No column '${key}' in this dataset`);
        const v = table.gather(c, positions);
        for (let i = 1; i < v.length; i++) if (v[i] === v[i - 1] && !Number.isNaN(v[i] as number)) rows.push(positions[i] as number);
        for (const pos of rows) table.exclude(pos, stepId);
        return { affected: rows.length, summary: `Excluded ${plural(rows.length, 'row')} repeating the previous row's ${key} (first kept)`, undo: { type: 'rows', rows: rows.map((p) => table.index[p] as number) } };
      }
      for (let i = 1; i < positions.length; i++) {
        const a = positions[i - 1] as number;
        const b = positions[i] as number;
        if (table.data.every((col) => Object.is(col[a], col[b]))) rows.push(b);
      }
      for (const pos of rows) table.exclude(pos, stepId);
      return { affected: rows.length, summary: `Excluded ${plural(rows.length, 'exact duplicate row')}`, undo: { type: 'rows', rows: rows.map((p) => table.index[p] as number) } };
    }
    case 'exclude-rows': {
      const wanted = new Set<number>(step.rowIndices ?? []);
      const rows: number[] = [];
      for (const pos of positions) {
        const ri = table.index[pos] as number;
        if (wanted.has(ri) || (step.ranges ?? []).some((r) => ri >= r.from && ri <= r.to)) {
          table.exclude(pos, stepId);
          rows.push(ri);
        }
      }
      if (rows.length === 0) throw new DataError('VALIDATION', 'None of the given rows are in the dataset (already excluded or out of range)');
      return { affected: rows.length, summary: `Excluded ${plural(rows.length, 'row')}${step.reason ? `: ${step.reason}` : ''}`, undo: { type: 'rows', rows } };
    }
  }
}

/** Reverts a step from its undo record. */
export function revertStep(table: DataTable, undo: UndoRecord): void {
  if (undo.type === 'cells') {
    for (let i = undo.cells.length - 1; i >= 0; i--) {
      const [ri, key, old] = undo.cells[i] as [number, string, number | null];
      const pos = table.positionOf(ri);
      const c = table.col(key);
      if (pos >= 0 && c >= 0) table.set(pos, c, old === null ? NaN : old);
    }
  } else if (undo.type === 'rows') {
    for (const ri of undo.rows) {
      const pos = table.positionOf(ri);
      if (pos >= 0) table.restore(pos);
    }
  } else table.removeColumn(undo.key);
}

/** Quality report over the present rows. */
export function qualityReport(table: DataTable, options: { gapFactor: number; stuckRun: number; outlierMethod: 'hampel' | 'iqr' | 'zscore' }): QualityReport {
  const positions = table.presentPositions();
  const n = positions.length;
  const findings: string[] = [];
  const tc = table.timeColumn();
  const timeGaps: QualityReport['timeGaps'] = [];
  let timeGapCount = 0;
  let duplicateTimestamps = 0;
  let nonMonotonic = 0;
  let medianStepMs: number | undefined;
  if (tc >= 0 && n > 2) {
    const t = table.gather(tc, positions);
    const steps: number[] = [];
    for (let i = 1; i < n; i++) {
      const d = (t[i] as number) - (t[i - 1] as number);
      if (d === 0) duplicateTimestamps++;
      else if (d < 0) nonMonotonic++;
      else if (Number.isFinite(d)) steps.push(d);
    }
    steps.sort((a, b) => a - b);
    medianStepMs = steps.length > 0 ? (steps[steps.length >> 1] as number) : undefined;
    if (medianStepMs !== undefined) {
      for (let i = 1; i < n; i++) {
        const d = (t[i] as number) - (t[i - 1] as number);
        if (d > options.gapFactor * medianStepMs) {
          timeGapCount++;
          if (timeGaps.length < 200) timeGaps.push({ afterRow: table.index[positions[i - 1] as number] as number, fromMs: t[i - 1] as number, toMs: t[i] as number, seconds: d / 1000 });
        }
      }
    }
    if (nonMonotonic > 0) findings.push(`${plural(nonMonotonic, 'timestamp')} go backwards: the log is not in time order.`);
    if (duplicateTimestamps > 0) findings.push(`${plural(duplicateTimestamps, 'duplicated timestamp')} (same time as the row before).`);
    if (timeGapCount > 0) findings.push(`${plural(timeGapCount, 'gap')} in the time axis longer than ${options.gapFactor} × the usual ${(medianStepMs ?? 0) / 1000} s step.`);
  }
  let duplicateRows = 0;
  for (let i = 1; i < n; i++) {
    const a = positions[i - 1] as number;
    const b = positions[i] as number;
    if (table.data.every((col) => Object.is(col[a], col[b]))) duplicateRows++;
  }
  if (duplicateRows > 0) findings.push(`${plural(duplicateRows, 'row')} exactly repeat the row before.`);
  const columns: QualityReport['columns'] = [];
  table.columns.forEach((col, c) => {
    if (col.quantity === 'time') return;
    const v = table.gather(c, positions);
    let missing = 0;
    let gapRuns = 0;
    let longestGap = 0;
    let run = 0;
    let stuckRuns = 0;
    let stuckRows = 0;
    let same = 1;
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as number;
      if (Number.isNaN(x)) {
        missing++;
        run++;
        if (run === 1) gapRuns++;
        longestGap = Math.max(longestGap, run);
      } else run = 0;
      if (i > 0 && !Number.isNaN(x) && x === v[i - 1]) same++;
      else {
        if (same >= options.stuckRun) {
          stuckRuns++;
          stuckRows += same;
        }
        same = 1;
      }
    }
    if (same >= options.stuckRun) {
      stuckRuns++;
      stuckRows += same;
    }
    // The report uses a 5-sigma Hampel over ±5 rows: step changes between test points are not spikes.
    const outliers = (options.outlierMethod === 'hampel' ? hampelOutliers(v, { halfWindow: 5, nSigma: 5 }) : options.outlierMethod === 'iqr' ? iqrOutliers(v) : zScoreOutliers(v)).length;
    const s = summarize(v);
    const num = (x: number) => (Number.isFinite(x) ? x : null);
    columns.push({ key: col.key, name: col.name, quantity: col.quantity, unit: col.unit, count: s.count, missing, gapRuns, longestGap, outliers, stuckRuns, stuckRows, min: num(s.min), max: num(s.max), mean: num(s.mean), std: num(s.std) });
    if (missing > 0) findings.push(`${col.name}: ${plural(missing, 'missing value')} in ${plural(gapRuns, 'gap')} (longest ${longestGap}).`);
    if (outliers > 0) findings.push(`${col.name}: ${plural(outliers, 'outlier')} (${options.outlierMethod}).`);
    if (stuckRuns > 0 && col.quantity !== 'other') findings.push(`${col.name}: ${plural(stuckRuns, 'stuck stretch', 'stuck stretches')} of ≥ ${options.stuckRun} identical values (${plural(stuckRows, 'row')}).`);
  });
  if (findings.length === 0) findings.push('No gaps, duplicates, outliers or stuck values found.');
  return { rowCount: n, ...(tc >= 0 ? { timeColumn: table.columns[tc]?.key as string } : {}), timeGaps, timeGapCount, ...(medianStepMs !== undefined ? { medianStepMs } : {}), duplicateTimestamps, duplicateRows, nonMonotonic, columns, findings };
}

/** Means of every column over each steady stretch of `column` with at least `minRows` rows. */
export function testPoints(table: DataTable, column: string, window: number, maxRelStd: number, minRows: number): { rows: Float64Array[]; stretches: Array<{ from: number; to: number; rows: number }> } {
  const c = requireColumn(table, column);
  const positions = table.presentPositions();
  const { times, isTime } = timeAxis(table, positions);
  const values = table.gather(c, positions);
  const result = detectSteadyState(times, values, { windowMs: isTime ? window * 1000 : window, maxRelStd });
  const rows: Float64Array[] = [];
  const stretches: Array<{ from: number; to: number; rows: number }> = [];
  for (const iv of result.intervals) {
    const count = iv.endIndex - iv.startIndex + 1;
    if (count < minRows) continue;
    const row = new Float64Array(table.columns.length);
    for (let k = 0; k < table.columns.length; k++) {
      let sum = 0;
      let m = 0;
      for (let i = iv.startIndex; i <= iv.endIndex; i++) {
        const v = (table.data[k] as Float64Array)[positions[i] as number] as number;
        if (!Number.isNaN(v)) {
          sum += v;
          m++;
        }
      }
      row[k] = m > 0 ? sum / m : NaN;
    }
    rows.push(row);
    stretches.push({ from: table.index[positions[iv.startIndex] as number] as number, to: table.index[positions[iv.endIndex] as number] as number, rows: count });
  }
  return { rows, stretches };
}
