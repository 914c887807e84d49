// The omnibus test of moderators QM: a Wald test of all coefficients but the intercept (metafor rma.uni, btt = 2:p).
import { chiSquareUpperTail, fisherUpperTail } from '../numeric/distributions.js';
import { invertSmall } from '../numeric/weighted-regression.js';

export interface ModeratorTest {
  QM: number;
  QMdf: number | [number, number];
  QMp: number;
}

/** QM = b'V⁻¹b over the moderator coefficients, chi-square with m df; under Knapp-Hartung (df = k - p) QM/m against F(m, k - p). */
export function testModerators(beta: number[], vb: number[][], df: number | null): ModeratorTest | null {
  const m = beta.length - 1;
  if (m < 1) return null;
  const b = beta.slice(1);
  const inverse = invertSmall(vb.slice(1).map((row) => row.slice(1)));
  let wald = Number.NaN;
  if (inverse) {
    wald = 0;
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) wald += b[r] * inverse[r][c] * b[c];
  }
  if (df === null) return { QM: wald, QMdf: m, QMp: chiSquareUpperTail(wald, m) };
  const F = wald / m;
  return { QM: F, QMdf: [m, df], QMp: fisherUpperTail(F, m, df) };
}
