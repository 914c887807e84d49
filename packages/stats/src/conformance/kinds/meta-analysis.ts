import { computeEffects } from '../../effect-sizes/index.js';
import { fitModel } from '../../fit.js';
import { cumulative, leaveOneOut } from '../../sensitivity.js';
import { beggTest } from '../../small-study/begg.js';
import { eggerTest } from '../../small-study/egger.js';
import { trimAndFill } from '../../small-study/trim-and-fill.js';
import { subgroupAnalysis } from '../../subgroups.js';
import type { Measure, ModelOptions, Preset } from '../../types.js';
import type { CaseFile, CheckRunner } from '../case-file.js';

function presetOf(caseFile: CaseFile): Preset {
  return caseFile.conventions?.preset === 'revman5' ? 'revman5' : 'metafor';
}

export function measureOf(caseFile: CaseFile, options: Record<string, unknown>): Measure {
  return (options.measure as Measure | undefined) ?? caseFile.measure ?? 'GENERIC';
}

/** Case options (`model`, `method`, `tau2`, `ci`) as the engine's model options. */
export function modelOptionsOf(caseFile: CaseFile, options: Record<string, unknown>): ModelOptions {
  return {
    model: options.model as ModelOptions['model'],
    method: (options.method as ModelOptions['method']) ?? 'IV',
    tau2Estimator: (options.tau2 as ModelOptions['tau2Estimator']) ?? 'REML',
    ciMethod: (options.ci as ModelOptions['ciMethod']) ?? 'z',
    preset: presetOf(caseFile),
  };
}

function effectsOf(caseFile: CaseFile, options: Record<string, unknown> = {}) {
  return computeEffects(caseFile.studies, measureOf(caseFile, options), { preset: presetOf(caseFile) }).effects;
}

export const metaAnalysisChecks: Record<string, CheckRunner> = {
  effects: (caseFile, options) => {
    const effects = effectsOf(caseFile, options);
    return { ids: effects.map((e) => e.id), yi: effects.map((e) => e.yi), vi: effects.map((e) => e.vi) };
  },
  pool: (caseFile, options) => {
    const fit = fitModel(caseFile.studies, measureOf(caseFile, options), modelOptionsOf(caseFile, options));
    return { ...fit, tau2CI: fit.tau2CI, I2CI: fit.I2CI, H2CI: fit.H2CI };
  },
};

function sequenceCheck(run: typeof leaveOneOut): CheckRunner {
  return (caseFile, options) => run(effectsOf(caseFile), modelOptionsOf(caseFile, options));
}

metaAnalysisChecks.leaveOneOut = sequenceCheck(leaveOneOut);
metaAnalysisChecks.cumulative = sequenceCheck(cumulative);
metaAnalysisChecks.subgroups = (caseFile, options) => {
  const result = subgroupAnalysis(effectsOf(caseFile), modelOptionsOf(caseFile, options));
  return {
    ...result,
    groups: result.groups.map(({ name, fit }) => ({ name, ...fit })),
  };
};
metaAnalysisChecks.trimfill = (caseFile, options) => {
  const result = trimAndFill(effectsOf(caseFile), modelOptionsOf(caseFile, options));
  return { ...result.fit, k0: result.k0, side: result.side, filled: result.filled };
};
metaAnalysisChecks.egger = (caseFile) => eggerTest(effectsOf(caseFile));
metaAnalysisChecks.begg = (caseFile) => beggTest(effectsOf(caseFile));
