// The sums an intercept-only fit needs at τ² (Σw, Σw², Σw³, Σwd, Σwd², Σw²d, Σw²d², Σlog(vi + τ²)), for any subset of
// rows [0, a) ∪ [b, n), from prefix and suffix sums about a nearby τ₀: with w₀ = 1/(vi + τ₀) and Δ = τ² - τ₀,
// wᵐ = w₀ᵐ (1 + Δw₀)⁻ᵐ = Σⱼ C(m + j - 1, j) (-Δ)ʲ w₀ᵐ⁺ʲ and log(vi + τ²) = log(vi + τ₀) - Σⱼ≥₁ (-Δ)ʲ w₀ʲ / j.
// Leave-one-out refits stay close to the full data's τ², so each of their passes costs a few terms instead of k rows.

/** At most this many terms beyond the first; with |Δ|·max w₀ ≤ MAX_RATIO the rest is below 2⁻⁵⁶ of the sums. */
const MAX_TERMS = 8;
const MAX_RATIO = 0.008;
const TRUNCATION = 2 ** -56;

/**
 * Layout of one row's moments for an expansion of `terms` terms: Σw₀ᵖdᵠ at q·powers + p (d = yi - center; Σw³ needs
 * w₀³⁺ᴶ), then Σlog(vi + τ₀), and e = yi - mean, e², vi.
 */
function layout(terms: number) {
  const powers = terms + 4;
  const log = 3 * powers;
  return { powers, log, e: log + 1, e2: log + 2, v: log + 3, moments: log + 4 };
}

export interface Tau2Expansion {
  /** τ₀, and the centre of d: the fit's estimate at τ₀. */
  tau2: number;
  center: number;
  /** The mean of yi, the centre of e. */
  mean: number;
  /** max w₀ over all rows: bounds the ratio of successive terms for any subset. */
  maxW: number;
  /** Terms beyond the first it can give: 0 for sums at τ₀ alone. */
  terms: number;
  /** Moments of rows [0, j) at j·MOMENTS; of rows [j, n) likewise (only for leave-one-out: a cumulative step has none). */
  prefix: Float64Array;
  suffix: Float64Array | null;
}

/** Sums of a subset at one τ², about `center`; logV is NaN when unknown. */
export interface SubsetMoments {
  sumW: number;
  sumW2: number;
  sumW3: number;
  sumWD: number;
  sumWD2: number;
  sumW2D: number;
  sumW2D2: number;
  logV: number;
  center: number;
}

export function expansionAbout(yi: Float64Array, vi: Float64Array, tau2: number, withSuffix: boolean, terms = MAX_TERMS): Tau2Expansion {
  const { powers: POWERS, log: LOG, e: E, e2: E2, v: V, moments: MOMENTS } = layout(terms);
  const n = yi.length;
  let sumW = 0;
  let sumWY = 0;
  let mean = 0;
  let maxW = 0;
  for (let i = 0; i < n; i++) {
    const w = 1 / (vi[i] + tau2);
    sumW += w;
    sumWY += w * yi[i];
    mean += yi[i];
    maxW = Math.max(maxW, w);
  }
  const center = sumWY / sumW;
  mean /= n;
  const prefix = new Float64Array((n + 1) * MOMENTS);
  const suffix = withSuffix ? new Float64Array((n + 1) * MOMENTS) : null;
  const row = new Float64Array(MOMENTS);
  const rowMoments = (i: number) => {
    const w = 1 / (vi[i] + tau2);
    const d = yi[i] - center;
    let power = 1;
    for (let p = 0; p < POWERS; p++) {
      row[p] = power;
      row[POWERS + p] = power * d;
      row[2 * POWERS + p] = power * d * d;
      power *= w;
    }
    row[LOG] = Math.log(vi[i] + tau2);
    row[E] = yi[i] - mean;
    row[E2] = (yi[i] - mean) ** 2;
    row[V] = vi[i];
  };
  for (let i = 0; i < n; i++) {
    rowMoments(i);
    for (let m = 0; m < MOMENTS; m++) prefix[(i + 1) * MOMENTS + m] = prefix[i * MOMENTS + m] + row[m];
  }
  for (let i = n - 1; suffix && i >= 0; i--) {
    rowMoments(i);
    for (let m = 0; m < MOMENTS; m++) suffix[i * MOMENTS + m] = suffix[(i + 1) * MOMENTS + m] + row[m];
  }
  return { tau2, center, mean, maxW, terms, prefix, suffix };
}

/** |Δ|·max w₀: how fast the series for τ² converges (it is used up to MAX_RATIO). */
export function expansionRatio(expansion: Tau2Expansion, tau2: number): number {
  return Math.abs(tau2 - expansion.tau2) * expansion.maxW;
}

/** The sums of rows [0, a) ∪ [b, n) at τ², or null when τ² is too far from τ₀ for the series. */
export function momentsAt(expansion: Tau2Expansion, a: number, b: number, tau2: number): SubsetMoments | null {
  const ratio = expansionRatio(expansion, tau2);
  if (!(ratio <= MAX_RATIO)) return null;
  // Terms beyond the J-th add at most ratio^(J+1) times the largest binomial coefficient, C(J + 3, 2), of the sums.
  let terms = 0;
  let bound = ratio * 3;
  for (; bound > TRUNCATION && terms < expansion.terms; terms++) bound *= (ratio * (terms + 4)) / (terms + 2);
  if (bound > TRUNCATION) return null;
  const { powers: POWERS, log: LOG, moments: MOMENTS } = layout(expansion.terms);
  const { prefix, suffix } = expansion;
  const at = a * MOMENTS;
  const bt = b * MOMENTS;
  const sum = (m: number) => prefix[at + m] + (suffix ? suffix[bt + m] : 0);
  const minusDelta = expansion.tau2 - tau2;
  let sumW = 0;
  let sumW2 = 0;
  let sumW3 = 0;
  let sumWD = 0;
  let sumWD2 = 0;
  let sumW2D = 0;
  let sumW2D2 = 0;
  let logV = sum(LOG);
  let power = 1;
  for (let j = 0; j <= terms; j++) {
    const c2 = (j + 1) * power;
    const c3 = ((j + 1) * (j + 2) * power) / 2;
    sumW += power * sum(1 + j);
    sumW2 += c2 * sum(2 + j);
    sumW3 += c3 * sum(3 + j);
    sumWD += power * sum(POWERS + 1 + j);
    sumWD2 += power * sum(2 * POWERS + 1 + j);
    sumW2D += c2 * sum(POWERS + 2 + j);
    sumW2D2 += c2 * sum(2 * POWERS + 2 + j);
    if (j > 0) logV -= (power * sum(j)) / j;
    power *= minusDelta;
  }
  return { sumW, sumW2, sumW3, sumWD, sumWD2, sumW2D, sumW2D2, logV, center: expansion.center };
}

/** The ordinary least squares sums of rows [0, a) ∪ [b, n): Σ(yi - mean), Σ(yi - mean)², Σvi. */
export function unweightedSums(expansion: Tau2Expansion, a: number, b: number): { sumE: number; sumE2: number; sumV: number } {
  const { e: E, e2: E2, v: V, moments: MOMENTS } = layout(expansion.terms);
  const { prefix, suffix } = expansion;
  const sum = (m: number) => prefix[a * MOMENTS + m] + (suffix ? suffix[b * MOMENTS + m] : 0);
  return { sumE: sum(E), sumE2: sum(E2), sumV: sum(V) };
}
