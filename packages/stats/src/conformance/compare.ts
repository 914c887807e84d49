// Compares an engine's `actual` with a reference `expected`: relative tolerance 1e-6, absolute 1e-9
// near zero. A field absent or null in `expected` is not checked.
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

export const RELATIVE_TOLERANCE = 1e-6;
export const ABSOLUTE_TOLERANCE = 1e-9;

export function numbersAgree(expected: number, actual: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return expected === actual;
  return Math.abs(actual - expected) <= Math.max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * Math.abs(expected));
}

export function compareToReference(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (expected === null || expected === undefined) return [];
  // R serialises a vector of length one as a scalar.
  if (typeof expected !== 'object' && Array.isArray(actual) && actual.length === 1) return compareToReference(expected, actual[0], path);
  if (typeof expected === 'number') {
    return typeof actual === 'number' && numbersAgree(expected, actual) ? [] : [{ path, expected, actual }];
  }
  if (typeof expected === 'string' || typeof expected === 'boolean') {
    return expected === actual ? [] : [{ path, expected, actual }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [{ path: `${path}.length`, expected: expected.length, actual: Array.isArray(actual) ? actual.length : actual }];
    }
    return expected.flatMap((item, index) => compareToReference(item, actual[index], `${path}[${index}]`));
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [{ path, expected: '{…}', actual }];
    return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
      compareToReference(value, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    );
  }
  return [];
}
