// The data a meta-regression takes and the plain, serialisable result it returns (metafor's rma.uni with mods).
import type { CiMethod, EffectSize, ModelKind, Tau2Estimator } from '../types.js';

/** A study-level covariate: a number for a numeric moderator, a label (or number) for a level of a factor. */
export type ModeratorValue = number | string;

/** One study's effect with its moderators by name. */
export interface ModeratedEffect extends EffectSize {
  moderators?: Record<string, ModeratorValue | null | undefined> | null;
}

export interface MetaRegressionOptions {
  model: ModelKind;
  /** Estimator of the residual τ² for random (mixed-effects) models; REML unless given. */
  tau2Estimator?: Tau2Estimator;
  /** z tests, or Knapp-Hartung (`hksj`): t tests with k - p df and an F test for QM. Random models only. */
  ciMethod?: CiMethod;
  /** Moderator names, in the order their coefficients follow the intercept. An empty list fits the intercept only. */
  moderators: string[];
  /** The moderators among them that are categorical: treatment-coded, levels sorted, the first level the reference. */
  factors?: string[];
}

/** One column of the design matrix. */
export interface DesignTerm {
  /** `intercept`, the moderator's name, or `moderator: level` for a level of a factor. */
  name: string;
  /** null for the intercept. */
  moderator: string | null;
  /** The level this indicator marks, for a factor; null otherwise. */
  level: string | null;
}

export interface MetaRegressionCoefficient extends DesignTerm {
  estimate: number;
  se: number;
  /** z, or t with k - p df under Knapp-Hartung. */
  stat: number;
  pval: number;
  ciLower: number;
  ciUpper: number;
}

/** The fitted line of a single numeric moderator over its observed range, for a bubble plot. */
export interface FittedLine {
  moderator: string;
  points: { x: number; fit: number; ciLower: number; ciUpper: number }[];
}

export interface MetaRegressionWarning {
  code: 'few-studies-per-coefficient';
  message: string;
}

export interface MetaRegression {
  model: ModelKind;
  tau2Estimator: Tau2Estimator | null;
  ciMethod: CiMethod;
  /** Studies and coefficients (the intercept included). */
  k: number;
  p: number;
  ids: string[];
  coefficients: MetaRegressionCoefficient[];
  /** Variance-covariance matrix of the coefficients (scaled by Knapp-Hartung's factor under `hksj`). */
  vb: number[][];
  /** Degrees of freedom of the t tests (k - p) under Knapp-Hartung; null for z tests. */
  df: number | null;
  /** Omnibus test of the moderators (all coefficients but the intercept): chi-square, or F under Knapp-Hartung; null without moderators. */
  QM: number | null;
  /** Its df: m, or [m, k - p] for the F test. */
  QMdf: number | [number, number] | null;
  QMp: number | null;
  /** Test for residual heterogeneity: Σ (yi - fitted)² / vi with k - p df. */
  QE: number;
  QEdf: number;
  QEp: number;
  /** Residual τ² (0 for the fixed-effects model). */
  tau2: number;
  /** Residual I² and H² (metafor's, from τ² and the typical variance; from QE for the fixed-effects model). */
  I2: number;
  H2: number;
  /** Pseudo-R² in percent: the share of the intercept-only τ² the moderators account for; null for fixed models or without moderators. */
  R2: number | null;
  fittedLine: FittedLine | null;
  warnings: MetaRegressionWarning[];
}
