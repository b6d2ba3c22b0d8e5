import { ByteWriter, countConsumer, encodeLeaf, expectArray, expectObject, finishFrame, impliedCount, type EncodeFailure } from './encodeCore';
import { encodeError, joinPath } from './errors';
import type { FramePlan, PlanNode, Seq } from './plan';
import type { DecodedFields, EncodeResult } from './result';
import type { FrameSchema } from './schema';
import { planFor } from './validate';

/*
 * The reference encoder: walks the plan and writes values shaped like the decoder's output.
 * The encoder always writes the sync bytes, the framing length field and the checksum itself,
 * and derives a count field from its array when the caller leaves the count out.
 */

function encodeNode(plan: FramePlan, w: ByteWriter, node: PlanNode, value: unknown, prefix: string, slots: number[]): EncodeFailure | undefined {
  const path = joinPath(prefix, node.relPath);
  switch (node.kind) {
    case 'struct': {
      const bad = expectObject(value, path);
      return bad ?? encodeSeq(plan, w, node.seq, value as Record<string, unknown>, prefix, slots);
    }
    case 'array': {
      const bad = expectArray(node, value, path, slots);
      if (bad) return bad;
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) {
        const failure = encodeNode(plan, w, node.item, items[i], `${path}[${i}]`, slots);
        if (failure) return failure;
      }
      return undefined;
    }
    case 'switch': {
      const selector = slots[node.onSlot]!;
      const chosen = node.cases.find((c) => c.values.includes(selector))?.seq ?? node.defaultSeq;
      if (!chosen) return encodeError('SWITCH_NO_CASE', path, `no case for value ${selector}`);
      const bad = expectObject(value, path);
      return bad ?? encodeSeq(plan, w, chosen, value as Record<string, unknown>, prefix, slots);
    }
    default:
      return encodeLeaf(w, node, value, path, slots);
  }
}

function encodeSeq(plan: FramePlan, w: ByteWriter, seq: Seq, obj: Record<string, unknown>, prefix: string, slots: number[]): EncodeFailure | undefined {
  for (const node of seq.nodes) {
    let value = obj[node.name];
    if (value === undefined && node === plan.lengthNode) value = 0; // filled in by finishFrame
    if (value === undefined && node.slot >= 0) {
      const consumer = countConsumer(seq, node);
      if (consumer !== undefined) value = impliedCount(obj[consumer]);
    }
    const failure = encodeNode(plan, w, node, value, prefix, slots);
    if (failure) return failure;
  }
  return undefined;
}

/** Encodes field values (shaped like a decode's `fields`) into a frame. Never throws for any values. */
export function interpretEncode(schema: FrameSchema, fields: DecodedFields | Record<string, unknown>): EncodeResult {
  const plan = planFor(schema);
  const w = new ByteWriter(plan.root.size ?? 256);
  const slots = new Array<number>(plan.slotCount).fill(0);
  const bad = expectObject(fields, '');
  const failure = bad ?? encodeSeq(plan, w, plan.root, fields as Record<string, unknown>, '', slots);
  return failure ?? finishFrame(plan, w);
}
