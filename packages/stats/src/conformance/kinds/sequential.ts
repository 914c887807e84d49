// Reference kind `sequentialBoundaries` (rpact 3.3.4): computed with rpact's own integration for parity.
import type { CheckRunner } from '../case-file.js';
import { StatsInputError } from '../../errors.js';
import { groupSequentialBoundaries } from '../../sequential/group-sequential-boundaries.js';

export const sequentialChecks: Record<string, CheckRunner> = {
  sequentialBoundaries: (_caseFile, options) => {
    const sided = options.sided ?? 2;
    if (sided !== 1 && sided !== 2) throw new StatsInputError(`sided must be 1 or 2, got ${String(sided)}`, null, 'sided');
    const result = groupSequentialBoundaries({
      informationFractions: options.informationFractions as number[],
      alpha: options.alpha as number,
      sided,
      spending: (options.spending as 'obrien-fleming' | undefined) ?? 'obrien-fleming',
      integration: 'rpact',
    });
    return {
      // The reference files write an infinite boundary as "Inf", as R does.
      criticalValues: result.criticalValues.map((c) => (c === null ? 'Inf' : c)),
      alphaSpent: result.alphaSpent,
    };
  },
};
