// The only conversions a proposed row may carry, each with the plain statement shown beside the number.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { RegistryNumber } from './numbers.js';

/** Below this many participants in a group a 95% CI is taken to come from the t distribution (Cochrane Handbook 6.5.2.2). */
export const SMALL_SAMPLE_LIMIT = 60;

export type Conversion<T> = { ok: true; value: T; statement: string } | { ok: false; reason: string };

/** Shown in statements only; the numbers themselves are never rounded. */
function show(value: number): string {
  return String(Number(value.toPrecision(6)));
}

// Cochrane Handbook 6.5.2.2: SD = SE × √N.
/** `seText`: the SE as the registry wrote it, for the statement. */
export function sdFromStandardError(se: number, n: number, seText = show(se)): Conversion<number> {
  if (!(se >= 0) || !(n > 0)) return { ok: false, reason: `an SD needs SE ≥ 0 and n > 0 (SE ${se}, n ${n})` };
  const sd = se * Math.sqrt(n);
  return { ok: true, value: sd, statement: `SD from SE: SD = SE × √n = ${seText} × √${n} = ${show(sd)}` };
}

// Cochrane Handbook 6.5.2.2: SD = √N × (upper − lower) / 3.92 for a 95% CI; 2 × t(0.975, N − 1) in place of 3.92 when N < 60.
/** `lowerText`, `upperText`: the limits as the registry wrote them, for the statement. */
export function sdFromConfidenceInterval(lower: number, upper: number, n: number, lowerText = show(lower), upperText = show(upper)): Conversion<number> {
  if (!(upper >= lower) || !(n > 1)) return { ok: false, reason: `an SD from a 95% CI needs lower ≤ upper and n > 1 (${lower} to ${upper}, n ${n})` };
  const small = n < SMALL_SAMPLE_LIMIT;
  const divisor = small ? 2 * tQuantile(0.975, n - 1) : 3.92;
  const sd = (Math.sqrt(n) * (upper - lower)) / divisor;
  const how = small
    ? `n ${n} < ${SMALL_SAMPLE_LIMIT}, so the t distribution: divisor 2 × t(0.975, ${n - 1}) = ${show(divisor)}`
    : `n ${n} ≥ ${SMALL_SAMPLE_LIMIT}, so the normal distribution: divisor 3.92 (2 × 1.96)`;
  return { ok: true, value: sd, statement: `SD from a 95% CI of the mean (Cochrane Handbook 6.5.2.2; ${how}): SD = √n × (upper − lower) / divisor = √${n} × (${upperText} − ${lowerText}) / ${show(divisor)} = ${show(sd)}` };
}

/**
 * A percentage of participants turned into a count: count = round(percent × n / 100), accepted only when exactly one
 * whole number of the n participants gives a percentage that rounds to the reported one at its reported precision.
 */
export function countFromPercentage(percent: RegistryNumber, n: number): Conversion<number> {
  const p = percent.value;
  if (p === null) return { ok: false, reason: `the percentage '${percent.text}' is not a number` };
  if (!Number.isInteger(n) || n <= 0) return { ok: false, reason: `no participants were analysed (denominator ${n})` };
  if (p < 0 || p > 100) return { ok: false, reason: `${percent.text}% is not a percentage of participants` };
  const half = 0.5 * 10 ** -percent.decimals;
  const tolerance = 1e-9;
  const lowest = Math.max(0, Math.ceil(((p - half) * n) / 100 - tolerance));
  const highest = Math.min(n, Math.floor(((p + half) * n) / 100 + tolerance));
  const exact = (p * n) / 100;
  if (lowest > highest) {
    return { ok: false, reason: `no whole number of ${n} participants is ${percent.text}% (${percent.text} × ${n} / 100 = ${show(exact)}): the percentage and the denominator disagree` };
  }
  if (lowest < highest) {
    return { ok: false, reason: `${percent.text}% of ${n} could be any of ${lowest} to ${highest} participants at the reported precision: the count cannot be known` };
  }
  return {
    ok: true,
    value: lowest,
    statement: `count derived from a percentage: round(${percent.text} × ${n} / 100) = round(${show(exact)}) = ${lowest}; ${lowest}/${n} = ${show((100 * lowest) / n)}%, which rounds to the reported ${percent.text}% and no other whole number does`,
  };
}
