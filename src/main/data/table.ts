import type { DatasetColumn } from '#shared/dataimport/index';

/**
 * A dataset in memory, column-wise: every row the dataset knows (present rows plus rows that
 * cleaning steps excluded), ordered by row index. Cleaning works on the present rows; undo
 * brings excluded rows back.
 */
export class DataTable {
  /** Row indices (dataset_rows.row_index), ascending. */
  index: Float64Array;
  /** 1 = the row is in dataset_rows; 0 = excluded by a cleaning step. */
  present: Uint8Array;
  /** Step that excluded each absent row. */
  excludedBy: (string | undefined)[];
  /** One array per column; NaN = missing. */
  data: Float64Array[];
  /** Positions whose stored row must be rewritten (or deleted). */
  readonly dirty = new Set<number>();
  columnsChanged = false;
  excludedChanged = false;

  constructor(
    public columns: DatasetColumn[],
    n: number,
  ) {
    this.index = new Float64Array(n);
    this.present = new Uint8Array(n).fill(1);
    this.excludedBy = new Array<string | undefined>(n);
    this.data = columns.map(() => new Float64Array(n).fill(NaN));
  }

  get length(): number {
    return this.index.length;
  }

  /** Positions of present rows, ascending. */
  presentPositions(): Int32Array {
    let n = 0;
    for (let i = 0; i < this.present.length; i++) if (this.present[i]) n++;
    const out = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < this.present.length; i++) if (this.present[i]) out[k++] = i;
    return out;
  }

  presentCount(): number {
    let n = 0;
    for (let i = 0; i < this.present.length; i++) n += this.present[i] as number;
    return n;
  }

  col(key: string): number {
    return this.columns.findIndex((c) => c.key === key);
  }

  /** A column's values at the given positions. */
  gather(col: number, positions: Int32Array): Float64Array {
    const src = this.data[col] as Float64Array;
    const out = new Float64Array(positions.length);
    for (let i = 0; i < positions.length; i++) out[i] = src[positions[i] as number] as number;
    return out;
  }

  /** First time column, if any. */
  timeColumn(): number {
    return this.columns.findIndex((c) => c.quantity === 'time');
  }

  addColumn(column: DatasetColumn, values: Float64Array): void {
    this.columns = [...this.columns, column];
    this.data = [...this.data, values];
    this.columnsChanged = true;
  }

  removeColumn(key: string): void {
    const i = this.col(key);
    if (i < 0) return;
    this.columns = this.columns.filter((_, k) => k !== i);
    this.data = this.data.filter((_, k) => k !== i);
    this.columnsChanged = true;
  }

  exclude(pos: number, stepId: string): void {
    if (!this.present[pos]) return;
    this.present[pos] = 0;
    this.excludedBy[pos] = stepId;
    this.dirty.add(pos);
    this.excludedChanged = true;
  }

  restore(pos: number): void {
    if (this.present[pos]) return;
    this.present[pos] = 1;
    this.excludedBy[pos] = undefined;
    this.dirty.add(pos);
    this.excludedChanged = true;
  }

  set(pos: number, col: number, value: number): void {
    (this.data[col] as Float64Array)[pos] = value;
    this.dirty.add(pos);
  }

  /** Binary search: position of a row index, or -1. */
  positionOf(rowIndex: number): number {
    let lo = 0;
    let hi = this.index.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.index[mid] as number;
      if (v === rowIndex) return mid;
      if (v < rowIndex) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The stored JSON text of the row at `pos`. */
  rowJson(pos: number): string {
    let s = '[';
    for (let c = 0; c < this.data.length; c++) {
      if (c > 0) s += ',';
      s += jsonNumber((this.data[c] as Float64Array)[pos] as number, (this.columns[c] as DatasetColumn).quantity === 'time');
    }
    return `${s}]`;
  }

  clearTracking(): void {
    this.dirty.clear();
    this.columnsChanged = false;
    this.excludedChanged = false;
  }
}

/**
 * A stored value: null for missing; measured values rounded to 12 significant digits (far beyond
 * any sensor, and it keeps unit-conversion noise like 36.00000000000001 out of the file); times exact.
 */
export function jsonNumber(v: number, exact: boolean): string {
  if (!Number.isFinite(v)) return 'null';
  const s = String(v);
  // Short forms are already what a logger wrote (e.g. '120.5'); only long ones carry conversion noise.
  if (exact || s.length <= 13) return s;
  return String(Number(v.toPrecision(12)));
}
