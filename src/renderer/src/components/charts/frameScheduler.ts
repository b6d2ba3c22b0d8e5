/**
 * One requestAnimationFrame loop for every canvas chart on the page. Charts ask for a redraw with
 * `requestDraw(key, draw)`; a key asked for twice before its frame is drawn once. Each frame runs the
 * waiting draws oldest first until `FRAME_BUDGET_MS` of drawing has been spent (always at least one),
 * and leaves the rest to the next frame: two charts whose data changed in the same live tick are drawn
 * in consecutive frames instead of making one frame miss its vsync.
 */

/** Drawing time allowed per frame before the remaining draws move to the next frame (ms). */
export const FRAME_BUDGET_MS = 4;

type Draw = () => void;

const queue = new Map<object, Draw>();
let scheduled = false;
/** Duration of the last draw per key (ms): a draw that will not fit in the rest of the budget waits. */
const lastCost = new WeakMap<object, number>();

function run(): void {
  scheduled = false;
  const start = performance.now();
  let ran = 0;
  for (const [key, draw] of queue) {
    const spent = performance.now() - start;
    if (ran > 0 && (spent >= FRAME_BUDGET_MS || spent + (lastCost.get(key) ?? 0) > FRAME_BUDGET_MS)) break;
    queue.delete(key);
    const t0 = performance.now();
    try {
      draw();
    } catch (e) {
      // A failing chart must not stop the others; the error still reaches the console.
      console.error(e);
    }
    lastCost.set(key, performance.now() - t0);
    ran++;
  }
  if (queue.size > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(run);
}

/** Draws `draw` in a coming animation frame (the latest function given for `key` wins). */
export function requestDraw(key: object, draw: Draw): void {
  // Re-inserting keeps the original place in the queue (Map order), so a busy chart cannot starve others.
  queue.set(key, draw);
  schedule();
}

/** Forgets a waiting draw (the chart unmounted). */
export function cancelDraw(key: object): void {
  queue.delete(key);
}
