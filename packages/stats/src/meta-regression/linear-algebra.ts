// Small dense linear algebra for design matrices of a few columns (p ≤ about 10).

/** X'X of columns stored one array per column. */
export function gramMatrix(columns: ArrayLike<number>[]): number[][] {
  const p = columns.length;
  const gram = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let r = 0; r < p; r++) {
    for (let c = r; c < p; c++) {
      let s = 0;
      for (let i = 0; i < columns[r].length; i++) s += columns[r][i] * columns[c][i];
      gram[r][c] = s;
      gram[c][r] = s;
    }
  }
  return gram;
}

/**
 * Cholesky factorisation of a Gram matrix, column by column: the index of the first column whose pivot (its squared
 * distance from the span of the columns before it) is at most `tolerance` times its squared length, or -1 when the
 * columns are linearly independent.
 */
export function firstDependentColumn(gram: number[][], tolerance = 1e-10): number {
  const p = gram.length;
  const L = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    let pivot = gram[j][j];
    for (let m = 0; m < j; m++) pivot -= L[j][m] * L[j][m];
    if (!(pivot > tolerance * gram[j][j])) return j;
    L[j][j] = Math.sqrt(pivot);
    for (let i = j + 1; i < p; i++) {
      let s = gram[i][j];
      for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
      L[i][j] = s / L[j][j];
    }
  }
  return -1;
}
