/**
 * Exact dynamic programme for pump scheduling over any number of hours.
 *
 * State after hour h: the running set (bit mask), the starts used so far, and — only when a
 * minimum run time of m ≥ 2 hours applies — how many more hours each recently started pump must
 * stay on (0..m−1). The cost of an hour depends only on that hour's running set, so the optimum
 * over all sequences is the shortest path through these states. A start is a pump off in hour
 * h−1 and on in hour h; stops and speed changes are free.
 */

/** One choice for one hour: the running set and what that hour then costs. */
export type HourOption = { mask: number; cost: number };

/** Input of the programme. `hours[h]` lists the feasible choices of hour h. */
export type DpInput = {
  nPumps: number;
  hours: HourOption[][];
  /** Running set before hour 0; these pumps are free to stop at once. */
  initialMask: number;
  /** Most starts over the horizon (integer ≥ 0). */
  maxStarts: number;
  /** Whole hours a started pump must stay on (0 or 1 = no constraint). Not enforced past the horizon. */
  minRunTimeH: number;
};

/** Optimal sequence (`choice[h]` indexes `hours[h]`), or the first hour where no choice fits. */
export type DpResult =
  | { feasible: true; cost: number; starts: number; choice: number[]; masks: number[] }
  | { feasible: false; hour: number; cause: 'no-option' | 'constraints' };

/** Starts between two consecutive running sets. */
export function countStarts(prevMask: number, mask: number): number {
  return popcount(mask & ~prevMask);
}

/** Number of set bits. */
export function popcount(x: number): number {
  let v = x >>> 0;
  let c = 0;
  while (v) {
    v &= v - 1;
    c++;
  }
  return c;
}

type Layer = {
  keys: number[];
  masks: number[];
  locks: Uint8Array[];
  /** cost[state][k]: least cost reaching the state with k starts used. */
  cost: Float64Array[];
  /** Back-pointers: previous state index, previous k, option index. */
  prevState: Int32Array[];
  prevK: Int32Array[];
  option: Int32Array[];
  index: Map<number, number>;
};

function emptyLayer(): Layer {
  return { keys: [], masks: [], locks: [], cost: [], prevState: [], prevK: [], option: [], index: new Map() };
}

/** Solves the programme exactly; ties go to the earlier option, then to fewer starts. */
export function solveScheduleDp(input: DpInput): DpResult {
  const { nPumps, hours } = input;
  const maxK = Math.max(0, Math.floor(input.maxStarts));
  // Hours still locked after a start: m − 1 (the starting hour itself is the first of the m).
  const lockHours = Math.max(0, Math.floor(input.minRunTimeH) - 1);
  const base = lockHours + 1;

  const keyOf = (mask: number, locks: Uint8Array): number => {
    let k = 0;
    for (let i = nPumps - 1; i >= 0; i--) k = k * base + locks[i]!;
    return mask + k * 2 ** nPumps;
  };

  let layer = emptyLayer();
  addState(layer, input.initialMask, new Uint8Array(nPumps), keyOf(input.initialMask, new Uint8Array(nPumps)), maxK);
  layer.cost[0]![0] = 0;
  const history: Layer[] = [];

  for (let h = 0; h < hours.length; h++) {
    const options = hours[h]!;
    if (options.length === 0) return { feasible: false, hour: h, cause: 'no-option' };
    const next = emptyLayer();
    for (let s = 0; s < layer.keys.length; s++) {
      const prevMask = layer.masks[s]!;
      const locks = layer.locks[s]!;
      const costs = layer.cost[s]!;
      let lockedMask = 0;
      for (let i = 0; i < nPumps; i++) if (locks[i]! > 0) lockedMask |= 1 << i;
      for (let o = 0; o < options.length; o++) {
        const { mask, cost } = options[o]!;
        if ((lockedMask & ~mask) !== 0) continue;
        const starts = countStarts(prevMask, mask);
        if (starts > maxK) continue;
        const newLocks = new Uint8Array(nPumps);
        if (lockHours > 0) {
          for (let i = 0; i < nPumps; i++) {
            if (!((mask >> i) & 1)) continue;
            newLocks[i] = (prevMask >> i) & 1 ? Math.max(0, locks[i]! - 1) : lockHours;
          }
        }
        const key = keyOf(mask, newLocks);
        let t = next.index.get(key);
        if (t === undefined) t = addState(next, mask, newLocks, key, maxK);
        const nc = next.cost[t]!;
        for (let k = 0; k + starts <= maxK; k++) {
          const c = costs[k]!;
          if (c === Infinity) continue;
          const total = c + cost;
          if (total < nc[k + starts]!) {
            nc[k + starts] = total;
            next.prevState[t]![k + starts] = s;
            next.prevK[t]![k + starts] = k;
            next.option[t]![k + starts] = o;
          }
        }
      }
    }
    if (!next.cost.some((c) => c.some((v) => v < Infinity))) return { feasible: false, hour: h, cause: 'constraints' };
    history.push(next);
    layer = next;
  }

  if (hours.length === 0) return { feasible: true, cost: 0, starts: 0, choice: [], masks: [] };
  let bestS = -1;
  let bestK = -1;
  let bestCost = Infinity;
  for (let s = 0; s < layer.keys.length; s++) {
    for (let k = 0; k <= maxK; k++) {
      const c = layer.cost[s]![k]!;
      if (c === Infinity) continue;
      // Equal cost (to rounding): prefer fewer starts.
      const tol = bestS < 0 ? 0 : 1e-12 * Math.max(1, Math.abs(bestCost));
      if (bestS < 0 || c < bestCost - tol || (Math.abs(c - bestCost) <= tol && k < bestK)) {
        bestCost = c;
        bestS = s;
        bestK = k;
      }
    }
  }
  const choice = new Array<number>(hours.length);
  const masks = new Array<number>(hours.length);
  let s = bestS;
  let k = bestK;
  for (let h = hours.length - 1; h >= 0; h--) {
    const L = history[h]!;
    choice[h] = L.option[s]![k]!;
    masks[h] = L.masks[s]!;
    const ps = L.prevState[s]![k]!;
    k = L.prevK[s]![k]!;
    s = ps;
  }
  return { feasible: true, cost: bestCost, starts: bestK, choice, masks };
}

function addState(layer: Layer, mask: number, locks: Uint8Array, key: number, maxK: number): number {
  const t = layer.keys.length;
  layer.keys.push(key);
  layer.masks.push(mask);
  layer.locks.push(locks);
  layer.cost.push(new Float64Array(maxK + 1).fill(Infinity));
  layer.prevState.push(new Int32Array(maxK + 1).fill(-1));
  layer.prevK.push(new Int32Array(maxK + 1).fill(-1));
  layer.option.push(new Int32Array(maxK + 1).fill(-1));
  layer.index.set(key, t);
  return t;
}
