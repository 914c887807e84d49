import type { CaseFile } from './case-file.js';
import { checkRunners } from './kinds/index.js';

/**
 * Runs every check of a case through the engine and returns the case with an `actual` next to
 * each `expected`. Unknown kinds get `actual: null`; a check the engine refuses gets `actual: null`
 * and the reason under `error`.
 */
export function runCase(caseFile: CaseFile): CaseFile {
  return {
    ...caseFile,
    checks: caseFile.checks.map((check) => {
      const runner = checkRunners[check.kind];
      if (!runner) return { ...check, actual: null };
      try {
        return { ...check, actual: runner(caseFile, check.options ?? {}) };
      } catch (error) {
        return { ...check, actual: null, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  };
}
