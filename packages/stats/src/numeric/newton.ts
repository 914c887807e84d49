// Newton's method safeguarded by bisection for a root of an increasing f bracketed by [lower, upper]
// (Press et al., Numerical Recipes, 3rd ed. 2007, section 9.4, rtsafe): a Newton step from a good
// guess where it stays in the bracket and at least halves the step before it, a bisection otherwise.
export interface NewtonOptions {
  /** Where to start; the middle of the bracket unless given. */
  guess?: number;
  /** Accuracy wanted: stop after a bisection step below it, or a Newton step below its square root (the error squares). */
  tolerance?: number;
  maxIterations?: number;
}

/**
 * The root of f in [lower, upper], for f(lower) < 0 < f(upper), using its derivative `slope`. Quadratic
 * convergence from a guess close to the root: two or three evaluations where bisection needs forty.
 * Where f(upper) <= 0 as well, the iterates end at upper.
 */
export function safeguardedNewtonRoot(
  f: (x: number) => number,
  slope: (x: number) => number,
  lower: number,
  upper: number,
  { guess = (lower + upper) / 2, tolerance = 1e-15, maxIterations = 100 }: NewtonOptions = {},
): number {
  let below = lower;
  let above = upper;
  let x = Math.min(Math.max(guess, lower), upper);
  let step = upper - lower;
  let stepBefore = step;
  let value = f(x);
  let derivative = slope(x);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (value === 0) return x;
    // Keep the bracket: the root lies between the last point below it and the last above it.
    if (value < 0) below = x;
    else above = x;
    const leavesBracket = ((x - above) * derivative - value) * ((x - below) * derivative - value) > 0;
    const tooSlow = Math.abs(2 * value) > Math.abs(stepBefore * derivative);
    stepBefore = step;
    if (leavesBracket || tooSlow) {
      step = (above - below) / 2;
      x = below + step;
      if (Math.abs(step) < tolerance) return x;
    } else {
      step = value / derivative;
      x -= step;
      // Newton's error squares at each step: after a step s it is about s² |f''/(2 f')|.
      if (step * step < tolerance) return x;
    }
    value = f(x);
    derivative = slope(x);
  }
  return x;
}
