// Weighted least squares for the normal-normal meta-analysis model y = Xβ + u + ε, computed in
// O(k·p²) from sums, without k×k matrices. P = W - WX(X'WX)⁻¹X'W (Viechtbauer 2005, eq. 7).

/** A design matrix stored by column; column 0 is the intercept for the usual models. */
export interface Design {
  k: number;
  p: number;
  columns: Float64Array[];
}

export interface WeightedFit {
  beta: number[];
  /** (X'WX)⁻¹: the variance-covariance matrix of beta when W holds the inverse variances. */
  vb: number[][];
  /** Y'PY = Σ w e², the (generalised) Q statistic. */
  RSS: number;
  /** Y'PPY = Σ w² e². */
  RSS2: number;
  sumW: number;
  sumW2: number;
  /** tr(P) and tr(PP). */
  trP: number;
  trPP: number;
}

/** The intercept-only design; its column of ones is built only when a general (p > 1 style) computation asks for it. */
class InterceptDesign implements Design {
  readonly p = 1;
  constructor(readonly k: number) {}
  get columns(): Float64Array[] {
    return [new Float64Array(this.k).fill(1)];
  }
}

export function interceptDesign(k: number): Design {
  return new InterceptDesign(k);
}

export function designWithSlope(x: ArrayLike<number>): Design {
  const k = x.length;
  return { k, p: 2, columns: [new Float64Array(k).fill(1), Float64Array.from(x)] };
}

/** Inverts a small symmetric positive-definite matrix (Gauss-Jordan); null when singular. */
export function invertSmall(matrix: number[][]): number[][] | null {
  const p = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: p }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let row = col + 1; row < p; row++) if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    if (!(Math.abs(a[pivot][col]) > 0)) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const d = a[col][col];
    for (let j = 0; j < 2 * p; j++) a[col][j] /= d;
    for (let row = 0; row < p; row++) {
      if (row === col) continue;
      const f = a[row][col];
      if (f === 0) continue;
      for (let j = 0; j < 2 * p; j++) a[row][j] -= f * a[col][j];
    }
  }
  return a.map((row) => row.slice(p));
}

/** X' diag(d) X. */
function crossWeighted(design: Design, d: ArrayLike<number>): number[][] {
  const { p, k, columns } = design;
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let r = 0; r < p; r++) {
    for (let c = r; c < p; c++) {
      const xr = columns[r];
      const xc = columns[c];
      let s = 0;
      for (let i = 0; i < k; i++) s += d[i] * xr[i] * xc[i];
      out[r][c] = s;
      out[c][r] = s;
    }
  }
  return out;
}

function traceOfProduct(a: number[][], b: number[][]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) s += a[i][j] * b[j][i];
  return s;
}

function multiply(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, m) => s + v * b[m][j], 0)));
}

/** Weighted least squares of y on the design with weights w, and the traces the τ² estimators need. */
export function weightedFit(design: Design, y: ArrayLike<number>, w: ArrayLike<number>, withTraces = true): WeightedFit {
  const { k, p, columns } = design;
  const A = crossWeighted(design, w);
  const vb = invertSmall(A);
  if (!vb) throw new RangeError('the model matrix is not of full rank');
  const xwy = new Array<number>(p).fill(0);
  for (let r = 0; r < p; r++) {
    const x = columns[r];
    let s = 0;
    for (let i = 0; i < k; i++) s += w[i] * x[i] * y[i];
    xwy[r] = s;
  }
  const beta = vb.map((row) => row.reduce((s, v, j) => s + v * xwy[j], 0));
  let RSS = 0;
  let RSS2 = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (let i = 0; i < k; i++) {
    let fitted = 0;
    for (let r = 0; r < p; r++) fitted += columns[r][i] * beta[r];
    const e = y[i] - fitted;
    const we = w[i] * e;
    RSS += we * e;
    RSS2 += we * we;
    sumW += w[i];
    sumW2 += w[i] * w[i];
  }
  let trP = Number.NaN;
  let trPP = Number.NaN;
  if (withTraces) {
    const w2 = new Float64Array(k);
    const w3 = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      w2[i] = w[i] * w[i];
      w3[i] = w2[i] * w[i];
    }
    const B2 = crossWeighted(design, w2);
    const vbB2 = multiply(vb, B2);
    trP = sumW - traceOfProduct(vb, B2);
    trPP = sumW2 - 2 * traceOfProduct(vb, crossWeighted(design, w3)) + traceOfProduct(vbB2, vbB2);
  }
  return { beta, vb, RSS, RSS2, sumW, sumW2, trP, trPP };
}

/** Ordinary least squares residual sum of squares and tr(P₀V) for the Hedges estimator. */
export function unweightedMoments(design: Design, y: ArrayLike<number>, v: ArrayLike<number>): { RSS: number; trPV: number } {
  if (design.p === 1) {
    // Intercept only: RSS = Σ(y - ȳ)², tr(P₀V) = Σv (k - 1)/k.
    const k = design.k;
    let mean = 0;
    let sumV = 0;
    for (let i = 0; i < k; i++) {
      mean += y[i];
      sumV += v[i];
    }
    mean /= k;
    let RSS = 0;
    for (let i = 0; i < k; i++) RSS += (y[i] - mean) ** 2;
    return { RSS, trPV: (sumV * (k - 1)) / k };
  }
  const ones = new Float64Array(design.k).fill(1);
  const fit = weightedFit(design, y, ones, false);
  let sumV = 0;
  for (let i = 0; i < design.k; i++) sumV += v[i];
  const trPV = sumV - traceOfProduct(fit.vb, crossWeighted(design, v));
  return { RSS: fit.RSS, trPV };
}

/**
 * The weighted fit at a given τ² (weights 1/(vi + τ²)). Intercept-only models, the hot path of every
 * estimator, leave-one-out and cumulative analysis, take two allocation-free passes over the data.
 */
export function fitAtTau2(design: Design, y: ArrayLike<number>, vi: ArrayLike<number>, tau2: number, withTraces = true): WeightedFit {
  const k = design.k;
  if (design.p !== 1) {
    const w = new Float64Array(k);
    for (let i = 0; i < k; i++) w[i] = 1 / (vi[i] + tau2);
    return weightedFit(design, y, w, withTraces);
  }
  let sumW = 0;
  let sumW2 = 0;
  let sumW3 = 0;
  let sumWY = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / (vi[i] + tau2);
    const w2 = w * w;
    sumW += w;
    sumW2 += w2;
    sumW3 += w2 * w;
    sumWY += w * y[i];
  }
  const mu = sumWY / sumW;
  let RSS = 0;
  let RSS2 = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / (vi[i] + tau2);
    const we = w * (y[i] - mu);
    RSS += we * (y[i] - mu);
    RSS2 += we * we;
  }
  return interceptFit(mu, { sumW, sumW2, sumW3 }, RSS, RSS2);
}

/** An intercept-only fit from its estimate μ, the weight sums Σw, Σw², Σw³ and Σw(y - μ)², Σw²(y - μ)². */
export function interceptFit(mu: number, sums: { sumW: number; sumW2: number; sumW3: number }, RSS: number, RSS2: number): WeightedFit {
  const { sumW, sumW2, sumW3 } = sums;
  const ratio = sumW2 / sumW;
  return {
    beta: [mu],
    vb: [[1 / sumW]],
    RSS,
    RSS2,
    sumW,
    sumW2,
    trP: sumW - ratio,
    trPP: sumW2 - (2 * sumW3) / sumW + ratio * ratio,
  };
}
