import { lit, SourceBuilder } from './codegen';
import { countConsumer } from './encodeCore';
import type { FramePlan, PlanNode, Seq } from './plan';
import { numberLiteral } from './scaling';

/*
 * Emits the source of a specialised encoder: the plan's walk unrolled into straight-line code
 * (property reads with literal keys, loops for arrays, `switch` for switches). Leaves are
 * written by the shared encodeLeaf, so value checks are identical to the interpreted encoder.
 *
 * Names visible to generated code: Y encode helpers · K constants (plan nodes, the plan).
 */

type Gen = { src: SourceBuilder; consts: unknown[]; plan: FramePlan };

function konst(g: Gen, value: unknown): string {
  g.consts.push(value);
  return `K[${g.consts.length - 1}]`;
}

function pathExpr(prefix: string | undefined, relPath: string): string {
  if (prefix === undefined) return lit(relPath);
  return relPath === '' ? prefix : `${prefix} + ${lit('.' + relPath)}`;
}

function genNode(g: Gen, node: PlanNode, value: string, prefix: string | undefined): void {
  const src = g.src;
  const path = pathExpr(prefix, node.relPath);
  switch (node.kind) {
    case 'struct':
      src.line(`f = Y.expectObject(${value}, ${path}); if (f !== undefined) return f;`);
      genSeq(g, node.seq, value, prefix);
      return;
    case 'array': {
      const i = src.fresh('i');
      const y = src.fresh('y');
      src.line(`f = Y.expectArray(${konst(g, node)}, ${value}, ${path}, S); if (f !== undefined) return f;`);
      src.open(`for (let ${i} = 0; ${i} < ${value}.length; ${i}++) {`);
      src.line(`const ${y} = ${value}[${i}];`);
      genNode(g, node.item, y, `(${path} + "[" + ${i} + "]")`);
      src.close();
      return;
    }
    case 'switch': {
      src.open(`switch (S[${node.onSlot}]) {`);
      const branch = (seq: Seq) => {
        src.line(`f = Y.expectObject(${value}, ${path}); if (f !== undefined) return f;`);
        genSeq(g, seq, value, prefix);
        src.line('break;');
      };
      for (const c of node.cases) {
        src.open(`${c.values.map((x) => `case ${numberLiteral(x)}:`).join(' ')} {`);
        branch(c.seq);
        src.close();
      }
      if (node.defaultSeq) {
        src.open('default: {');
        branch(node.defaultSeq);
        src.close();
      } else {
        src.line(`default: return Y.encodeError("SWITCH_NO_CASE", ${path}, "no case for value " + S[${node.onSlot}]);`);
      }
      src.close();
      return;
    }
    default:
      src.line(`f = Y.encodeLeaf(w, ${konst(g, node)}, ${value}, ${path}, S); if (f !== undefined) return f;`);
  }
}

function genSeq(g: Gen, seq: Seq, obj: string, prefix: string | undefined): void {
  for (const node of seq.nodes) {
    const x = g.src.fresh('x');
    g.src.line(`let ${x} = ${obj}[${lit(node.name)}];`);
    if (node === g.plan.lengthNode) g.src.line(`if (${x} === undefined) ${x} = 0; // written by finishFrame`);
    const consumer = countConsumer(seq, node);
    if (consumer !== undefined) g.src.line(`if (${x} === undefined) ${x} = Y.impliedCount(${obj}[${lit(consumer)}]);`);
    genNode(g, node, x, prefix);
  }
}

/** Source of the body of `function (v) {...}` encoding one frame. */
export function encoderBody(plan: FramePlan, consts: unknown[]): string {
  const g: Gen = { src: new SourceBuilder(), consts, plan };
  const src = g.src;
  src.line('let f = Y.expectObject(v, ""); if (f !== undefined) return f;');
  src.line(`const w = new Y.ByteWriter(${plan.root.size ?? 256});`);
  src.line(`const S = [${new Array(plan.slotCount).fill('0').join(', ')}];`);
  genSeq(g, plan.root, 'v', undefined);
  src.line(`return Y.finishFrame(${konst(g, plan)}, w);`);
  return src.toString();
}
