// Reference kind `metaRegression` (R metafor 3.8.1 rma with mods): moderators are read from each study's `moderators`.
import { computeEffects } from '../../effect-sizes/index.js';
import { metaRegression } from '../../meta-regression/meta-regression.js';
import type { ModeratedEffect } from '../../meta-regression/types.js';
import type { CheckRunner } from '../case-file.js';
import { measureOf, modelOptionsOf } from './meta-analysis.js';

export const metaRegressionChecks: Record<string, CheckRunner> = {
  metaRegression: (caseFile, options) => {
    const moderatorsById = new Map(caseFile.studies.map((s) => [s.id, (s as Pick<ModeratedEffect, 'moderators'>).moderators]));
    const { effects } = computeEffects(caseFile.studies, measureOf(caseFile, options));
    const { model, tau2Estimator, ciMethod } = modelOptionsOf(caseFile, options);
    const result = metaRegression(
      effects.map((e) => ({ ...e, moderators: moderatorsById.get(e.id) })),
      { model, tau2Estimator, ciMethod, moderators: options.moderators as string[], factors: (options.factors as string[] | undefined) ?? [] },
    );
    const column = (key: 'estimate' | 'se' | 'stat' | 'pval' | 'ciLower' | 'ciUpper') => result.coefficients.map((c) => c[key]);
    return {
      estimate: column('estimate'),
      se: column('se'),
      stat: column('stat'),
      pval: column('pval'),
      ciLower: column('ciLower'),
      ciUpper: column('ciUpper'),
      QM: result.QM,
      QMdf: result.QMdf,
      QMp: result.QMp,
      QE: result.QE,
      QEdf: result.QEdf,
      QEp: result.QEp,
      tau2: result.tau2,
      I2: result.I2,
      H2: result.H2,
      R2: result.R2,
    };
  },
};
