// np.histogram with equal bins over a given range, as plt.hist calls it: the same edges and the
// same rule for a value on an edge, so the counts are numpy's for the same values.

/** np.linspace(start, stop, num): i · step + start, the last value set to stop exactly. */
export function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : i * step + start));
}

export interface Histogram {
  /** counts[i] holds the values in [edges[i], edges[i + 1]); the last bin also holds its right edge */
  counts: number[];
  edges: number[];
  /** values below and above the range, which no bin counts */
  belowRange: number;
  aboveRange: number;
}

// values: (length) -> the counts of np.histogram(values, bins, range=(low, high))
export function histogram(
  values: ArrayLike<number>,
  bins: number,
  [low, high]: readonly [number, number],
): Histogram {
  const edges = linspace(low, high, bins + 1);
  const counts = new Array<number>(bins).fill(0);
  let belowRange = 0;
  let aboveRange = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < low) belowRange++;
    else if (v > high) aboveRange++;
    else if (v >= low) {
      // numpy's guess from the scaled value, then corrected against the edges themselves, which
      // the guess can miss by one within a unit in the last place of an edge
      let bin = Math.min(Math.trunc(((v - low) / (high - low)) * bins), bins - 1);
      if (v < edges[bin]) bin--;
      if (v >= edges[bin + 1] && bin !== bins - 1) bin++;
      counts[bin]++;
    }
  }
  return { counts, edges, belowRange, aboveRange };
}
