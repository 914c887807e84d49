import type { CheckRunner } from '../case-file.js';
import { metaAnalysisChecks } from './meta-analysis.js';
import { sequentialChecks } from './sequential.js';
import { gradeChecks } from './grade.js';
import { metaRegressionChecks } from './meta-regression.js';

/** Every check kind the engine computes, by name (see test/fixtures/README.md). */
export const checkRunners: Record<string, CheckRunner> = {
  ...metaAnalysisChecks,
  ...sequentialChecks,
  ...gradeChecks,
  ...metaRegressionChecks,
};
