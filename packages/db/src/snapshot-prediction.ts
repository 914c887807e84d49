// What a snapshot delta (snapshot-codec.ts) predicts a number related to others of its row to be (snapshot-relations.ts).
// The delta stores the difference of the number's bit pattern from the prediction's, so the decoder must make the very
// same prediction, bit for bit, on any machine and in any later version of Node: only + − × ÷ and exact operations
// (Math.abs, Math.round) are used, never Math.exp and its kin, whose last bits the language leaves to each engine. A
// prediction need not be exact, only close.
import { Relation } from './snapshot-relations.js';

/** ln 2 in two parts (fdlibm's): the first with few enough bits that k times it is exact for every k used here. */
const LN2_HIGH = 6.93147180369123816490e-1;
const LN2_LOW = 1.90821492927058770002e-10;
const LN2 = LN2_HIGH + LN2_LOW;
/** 2^k for k from -1074 to 1023, each made from the one before by an exact halving or doubling. */
const POWERS_OF_TWO = new Float64Array(2098);
POWERS_OF_TWO[1074] = 1;
for (let k = 1; k <= 1023; k++) POWERS_OF_TWO[1074 + k] = POWERS_OF_TWO[1073 + k] * 2;
for (let k = 1; k <= 1074; k++) POWERS_OF_TWO[1074 - k] = POWERS_OF_TWO[1075 - k] / 2;

/**
 * e^x, to about 3e-13 relative where it neither overflows nor is subnormal (0 below -745, Infinity above 709): close
 * enough for erfc's 1.2e-7.
 */
export function exp(x: number): number {
  if (!(x > -745)) return x === x ? 0 : NaN;
  if (x > 709) return Infinity;
  // x = k·ln 2 + r with |r| ≤ ln 2 / 2, then e^r by its Taylor series to the 10th power (the next term is below 1e-12).
  const k = Math.round(x / LN2);
  const r = x - k * LN2_HIGH - k * LN2_LOW;
  let series = 1;
  for (let n = 10; n >= 1; n--) series = 1 + (r * series) / n;
  // 2^k in two steps: the product may be subnormal where 2^k alone would not be representable as a normal factor.
  const half = Math.round(k / 2);
  return series * POWERS_OF_TWO[1074 + half] * POWERS_OF_TWO[1074 + k - half];
}

/**
 * Numerical Recipes' erfcc, a Chebyshev fit good to about 1.2e-7 relative: erfc(x) = t·e^exponent for x ≥ 0, with
 * t = 1 / (1 + x/2). Returns the exponent.
 */
function erfcExponent(x: number, t: number): number {
  return -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
}

/** erfc(x) for x ≥ 0, to about 1.2e-7 relative. */
export function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  return t * exp(erfcExponent(x, t));
}

/** erfc(a) / erfc(b) for a, b ≥ 0, with one exponential (and no underflow where both tails are tiny). */
export function erfcRatio(a: number, b: number): number {
  const ta = 1 / (1 + 0.5 * a);
  const tb = 1 / (1 + 0.5 * b);
  return (ta / tb) * exp(erfcExponent(a, ta) - erfcExponent(b, tb));
}

/**
 * The number related to an estimate and its standard error, predicted from its old value `old` and theirs: a bound
 * keeps its z (estimate + (bound − estimate) / se · se, new against old); a p-value moves as the normal tail of |z| does
 * (its old value times erfc(|z| / √2), new over old). NaN where no prediction can be made.
 */
export function predictRelated(relation: Relation, old: number, estimate: number, se: number, oldEstimate: number, oldSe: number): number {
  let predicted = NaN;
  if (relation === Relation.Bound) {
    predicted = estimate + ((old - oldEstimate) / oldSe) * se;
  } else if (relation === Relation.PValue && se !== 0 && oldSe !== 0) {
    predicted = old * erfcRatio(Math.abs(estimate / se) / Math.SQRT2, Math.abs(oldEstimate / oldSe) / Math.SQRT2);
  }
  return Number.isFinite(predicted) ? predicted : NaN;
}

/**
 * An inverse-variance weight (100 w / Σw, w = 1 / (vi + τ²)), from its variance `vi` and two other weights of the same
 * analysis with theirs: 1 / weight is linear in vi, so it lies on their line.
 */
export function predictWeight(vi: number, viA: number, weightA: number, viB: number, weightB: number): number {
  if (viA === viB) return NaN;
  const inverseA = 1 / weightA;
  const inverseB = 1 / weightB;
  const predicted = 1 / (inverseB + ((vi - viB) * (inverseB - inverseA)) / (viB - viA));
  return Number.isFinite(predicted) ? predicted : NaN;
}
