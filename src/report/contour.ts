// Contour lines of a sampled function by marching squares: plain geometry in data coordinates,
// drawn by svg.ts's contourPaths.

export interface Grid {
  /** sample positions along x and y, increasing */
  xs: readonly number[];
  ys: readonly number[];
  /** values[j][i] is the function at (xs[i], ys[j]) */
  values: readonly (readonly number[])[];
}

/** Samples f on a grid of n × n points over the given data ranges. */
export function sampleGrid(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  n = 60,
): Grid {
  const along = ([a, b]: [number, number]) =>
    Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  const xs = along(xRange);
  const ys = along(yRange);
  return { xs, ys, values: ys.map((y) => xs.map((x) => f(x, y))) };
}

/**
 * The segments where a sampled function crosses `level`, in data coordinates, by marching
 * squares: each grid cell contributes up to two segments between linearly interpolated edge
 * crossings (the ambiguous saddle cases take the cell-centre average to decide).
 */
export function contourSegments(grid: Grid, level: number): [number, number][][] {
  const { xs, ys, values } = grid;
  const segments: [number, number][][] = [];
  const cross = (
    xa: number,
    ya: number,
    va: number,
    xb: number,
    yb: number,
    vb: number,
  ): [number, number] => {
    const t = (level - va) / (vb - va);
    return [xa + t * (xb - xa), ya + t * (yb - ya)];
  };
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const [x0, x1, y0, y1] = [xs[i], xs[i + 1], ys[j], ys[j + 1]];
      const v = [values[j][i], values[j][i + 1], values[j + 1][i + 1], values[j + 1][i]];
      // edges: bottom (0-1), right (1-2), top (2-3), left (3-0)
      const corners: [number, number][] = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ];
      const points: [number, number][] = [];
      for (let e = 0; e < 4; e++) {
        const a = e;
        const b = (e + 1) % 4;
        if (v[a] < level !== v[b] < level) {
          points.push(cross(...corners[a], v[a], ...corners[b], v[b]));
        }
      }
      if (points.length === 2) segments.push(points);
      else if (points.length === 4) {
        const isCentreAbove = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
        const isFirstAbove = v[0] >= level;
        // the corners whose side differs from the centre's are cut off on their own
        if (isCentreAbove === isFirstAbove) {
          segments.push([points[0], points[1]], [points[2], points[3]]);
        } else {
          segments.push([points[3], points[0]], [points[1], points[2]]);
        }
      }
    }
  }
  return segments;
}
