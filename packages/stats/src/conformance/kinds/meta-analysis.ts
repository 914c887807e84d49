import type { CheckRunner } from '../case-file.js';

export const metaAnalysisChecks: Record<string, CheckRunner> = {};
