// Sums of normal kernels over a grid of equally spaced points, the inner loop of the recursive
// integration of group sequential designs (Jennison & Turnbull 2000, ch. 19): the density of Z_k at
// a point c is sum_i phi((c sqrt(t_k) - y_i sqrt(t_(k-1))) / sqrt(t_k - t_(k-1))) w_i over the grid y of
// look k - 1. One exp per pair of points is what made the recursion slow; on a uniform run of the grid
// the argument falls by the same delta from point to point, so with e the argument at the point nearest
// the kernel's centre and m the distance from it in points,
//   exp(-(e - m delta)^2 / 2) = exp(-e^2 / 2) * exp(-(m delta)^2 / 2) * exp(e delta)^m,
// where the middle factor depends on m alone (a Toeplitz kernel, tabulated once per pair of looks) and
// the last is a geometric sequence. Counting m outward from the nearest point keeps |e| <= delta / 2
// (or the sequence decaying, when the centre lies off the run), and exp(e delta m) is recomputed every
// ANCHOR_STEPS points, so rounding in the sequence grows by at most ANCHOR_STEPS ulps.

/** Equally spaced points of a grid: point `start + i` is `lower + i * step`, for i < count. */
export interface UniformRun {
  start: number;
  count: number;
  lower: number;
  step: number;
}

/** The geometric factor is recomputed from exp every this many points (bounds its rounding to ~3e-14 relative). */
const ANCHOR_STEPS = 256;

/**
 * A summer over `runs` of grid `x` weighted by `weights`: sum(center, from, to) is
 * sum over from <= i < to of exp(-((center - x_i * xScale) / width)^2 / 2) * weights_i,
 * the unnormalised normal kernel; x_i need not be stored, each run gives it.
 */
export function normalKernelSums(
  runs: readonly UniformRun[],
  weights: Float64Array,
  xScale: number,
  width: number,
): (center: number, from: number, to: number) => number {
  // Per run: the step of the kernel's argument, and the kernel tabulated by distance in points.
  const deltas = runs.map((run) => (run.step * xScale) / width);
  const kernels = runs.map((run, r) => {
    const table = new Float64Array(run.count);
    for (let m = 0; m < run.count; m++) {
      const distance = m * deltas[r];
      table[m] = Math.exp(-0.5 * distance * distance);
      if (table[m] === 0) break; // the rest underflows to 0 as well
    }
    return table;
  });
  return (center, from, to) => {
    let total = 0;
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r];
      const low = Math.max(from, run.start);
      const high = Math.min(to, run.start + run.count);
      if (low >= high) continue;
      const delta = deltas[r];
      // Argument at the run's first point, and at the point of [low, high) nearest to the kernel's centre.
      const first = (center - run.lower * xScale) / width;
      const nearest = Math.min(Math.max(run.start + Math.round(first / delta), low), high - 1);
      const e = first - (nearest - run.start) * delta;
      const kernel = kernels[r];
      const ratio = Math.exp(e * delta);
      const above = sumAbove(kernel, weights, nearest, high - nearest, e * delta, ratio);
      const below = sumBelow(kernel, weights, nearest - 1, nearest - low, e * delta, 1 / ratio);
      total += Math.exp(-0.5 * e * e) * (above + below);
    }
    return total;
  };
}

/** sum over m < count of kernel[m] * exp(rate * m) * weights[origin + m]: the nearest point and those above it. */
function sumAbove(kernel: Float64Array, weights: Float64Array, origin: number, count: number, rate: number, ratio: number): number {
  let sum = 0;
  for (let block = 0; block < count; block += ANCHOR_STEPS) {
    const end = Math.min(count, block + ANCHOR_STEPS);
    let factor = block === 0 ? 1 : Math.exp(rate * block);
    for (let m = block; m < end; m++) {
      sum += kernel[m] * factor * weights[origin + m];
      factor *= ratio;
    }
  }
  return sum;
}

/** sum over m < count of kernel[m + 1] * exp(-rate * (m + 1)) * weights[origin - m]: the points below the nearest one. */
function sumBelow(kernel: Float64Array, weights: Float64Array, origin: number, count: number, rate: number, ratio: number): number {
  let sum = 0;
  for (let block = 0; block < count; block += ANCHOR_STEPS) {
    const end = Math.min(count, block + ANCHOR_STEPS);
    let factor = block === 0 ? ratio : Math.exp(-rate * (block + 1));
    for (let m = block; m < end; m++) {
      sum += kernel[m + 1] * factor * weights[origin - m];
      factor *= ratio;
    }
  }
  return sum;
}
