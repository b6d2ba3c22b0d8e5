import { joinPath } from './errors';
import type { FramePlan, PlanNode, Seq, ValueRange } from './plan';
import type { DecodedFields, DecodedValue } from './result';
import { fromEngineering } from './scaling';
import type { FrameSchema } from './schema';
import { planFor } from './validate';

/*
 * Valid-range checks (a field's min/max) on decoded values: the pipeline's validate stage. A
 * value outside its range is a finding about the plant, not a decoding failure, so it is
 * reported separately and the frame still flows.
 */

/** One value outside its schema range. */
export type RangeViolation = {
  path: string;
  /** The engineering value found. */
  value: number;
  min?: number;
  max?: number;
  unit?: string;
};

function check(out: RangeViolation[], range: ValueRange | undefined, value: DecodedValue | undefined, path: string): void {
  if (!range || typeof value !== 'number') return;
  // NaN compares false both ways, so it is reported too.
  const ok = (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
  if (ok) return;
  const v: RangeViolation = { path, value };
  if (range.min !== undefined) v.min = range.min;
  if (range.max !== undefined) v.max = range.max;
  if (range.unit !== undefined) v.unit = range.unit;
  out.push(v);
}

/** The raw integer a decoded value stood for, so switches can be followed (inverse of labels and scaling). */
function rawOf(node: PlanNode, value: DecodedValue | undefined): number {
  if (node.kind === 'enum' && typeof value === 'string') return node.labelValues.get(value) ?? NaN;
  if (node.kind === 'int' && typeof value === 'number') return node.scale ? Math.round(fromEngineering(value, node.scale)) : value;
  return typeof value === 'number' ? value : NaN;
}

function walkNode(out: RangeViolation[], node: PlanNode, value: DecodedValue | undefined, path: string, slots: number[]): void {
  switch (node.kind) {
    case 'int':
    case 'float':
    case 'bcd':
      check(out, node.range, value, path);
      break;
    case 'bitfield':
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const m of node.members) {
          const mv = value[m.name];
          check(out, m.range, mv, joinPath(path, m.name));
          if (m.slot >= 0) slots[m.slot] = typeof mv === 'string' ? (m.labelValues?.get(mv) ?? NaN) : typeof mv === 'number' ? mv : NaN;
        }
      }
      break;
    case 'struct':
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) walkSeq(out, node.seq, value, path, slots);
      break;
    case 'array':
      if (Array.isArray(value)) value.forEach((item, i) => walkNode(out, node.item, item, `${path}[${i}]`, slots));
      break;
    case 'switch': {
      const selector = slots[node.onSlot]!;
      const seq = node.cases.find((c) => c.values.includes(selector))?.seq ?? node.defaultSeq;
      if (seq && value !== null && typeof value === 'object' && !Array.isArray(value)) walkSeq(out, seq, value, path, slots);
      break;
    }
    default:
      break;
  }
  if (node.slot >= 0) slots[node.slot] = rawOf(node, value);
}

// Items have relPath "", so inside an array the item path is the prefix (as in the decoders).
function walkSeq(out: RangeViolation[], seq: Seq, fields: DecodedFields, prefix: string, slots: number[]): void {
  for (const node of seq.nodes) walkNode(out, node, fields[node.name], joinPath(prefix, node.name), slots);
}

/** Range violations of decoded fields under a plan. */
export function checkRangesWithPlan(plan: FramePlan, fields: DecodedFields): RangeViolation[] {
  const out: RangeViolation[] = [];
  walkSeq(out, plan.root, fields, '', new Array<number>(plan.slotCount).fill(NaN));
  return out;
}

/** Values of a decoded frame outside their schema's min/max. Empty when all are in range. */
export function checkRanges(schema: FrameSchema, fields: DecodedFields): RangeViolation[] {
  return checkRangesWithPlan(planFor(schema), fields);
}
