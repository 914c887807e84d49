// The choices maintainers pick from, named as the API's enums are (apps/api/src/schema/enums.ts).
const choices = (pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));

export const measureOptions = choices([
  ['OR', 'Odds ratio'],
  ['RR', 'Risk ratio'],
  ['RD', 'Risk difference'],
  ['MD', 'Mean difference'],
  ['SMD', 'Standardised mean difference'],
  ['MC', 'Mean change (single group, before and after)'],
  ['HR', 'Hazard ratio (log HR and its standard error, or HR with 95% CI)'],
  ['ROM', 'Ratio of means (log ratio and its standard error, or ratio with 95% CI)'],
  ['GENERIC', 'Generic (effect and standard error)'],
]);
/** Model, or the seed review's rule that chooses it from the data. */
export const modelOptions = choices([
  ['RANDOM', 'Random effects'],
  ['FIXED', 'Fixed effect'],
  ['I2_AND_HETEROGENEITY_P', 'Rule: fixed if I² ≤ 50% and P(het) > 0.1'],
]);
export const methodOptions = choices([
  ['IV', 'Inverse variance'],
  ['MH', 'Mantel-Haenszel'],
  ['PETO', 'Peto'],
]);
export const tau2Options = choices([
  ['REML', 'REML'],
  ['DL', 'DerSimonian-Laird'],
  ['PM', 'Paule-Mandel'],
  ['SJ', 'Sidik-Jonkman'],
  ['HE', 'Hedges'],
  ['ML', 'Maximum likelihood'],
  ['EB', 'Empirical Bayes'],
]);
export const ciOptions = choices([
  ['Z', 'Normal (Wald)'],
  ['HKSJ', 'Hartung-Knapp-Sidik-Jonkman'],
]);
export const presetOptions = choices([
  ['METAFOR', 'metafor'],
  ['REVMAN5', 'RevMan 5'],
]);
/** A choice with a sentence saying, in plain words, what it does. */
export interface ExplainedChoice {
  value: string;
  label: string;
  explanation: string;
}

/** Which pooled totals the forest plot and the summary show (RevMan's totals: yes, subgroups only, no). */
export const totalsOptions: ExplainedChoice[] = [
  { value: 'ALL', label: 'All totals', explanation: 'The overall pooled result, and a subtotal for each subgroup when rows have subgroups.' },
  {
    value: 'SUBGROUPS',
    label: 'Subgroup totals only',
    explanation:
      'A pooled result per subgroup and the test for differences between them, but no overall result: for subgroups that must not be added together, such as time points or doses of the same trials.',
  },
  { value: 'NONE', label: 'No totals', explanation: 'The rows are shown one by one, without pooling: no diamonds and no weights.' },
];

/** What to do when a study's participants could enter one total twice (Cochrane Handbook 23.3.4). */
export const unitOfAnalysisOptions: ExplainedChoice[] = [
  { value: 'FLAG', label: 'Flag it', explanation: "Analyse the rows as entered, and say beside the forest plot where a study's participants may be counted twice." },
  {
    value: 'COMBINE_GROUPS',
    label: 'Combine the groups',
    explanation: "Join a multi-arm trial's experimental groups into one row per total, so the control group they share counts once (needs arm data).",
  },
  {
    value: 'SPLIT_SHARED_GROUP',
    label: 'Split the shared group',
    explanation: "Divide the shared control group's participants and events between the comparisons, so each keeps its own row (needs arm data).",
  },
];

export const designOptions = choices([
  ['', '—'],
  ['RCT', 'Randomised trial'],
  ['CLUSTER_RCT', 'Cluster-randomised trial'],
  ['QUASI_RANDOMISED', 'Quasi-randomised'],
  ['NON_RANDOMISED', 'Non-randomised'],
  ['COHORT', 'Cohort'],
  ['CASE_CONTROL', 'Case-control'],
  ['SELF_CONTROLLED_PRE_POST', 'Single group, before and after'],
  ['OTHER', 'Other'],
]);
export const judgementOptions = choices([
  ['LOW', 'Low'],
  ['SOME_CONCERNS', 'Some concerns'],
  ['HIGH', 'High'],
]);

export const robinsIJudgementOptions = choices([
  ['LOW', 'Low'],
  ['MODERATE', 'Moderate'],
  ['SERIOUS', 'Serious'],
  ['CRITICAL', 'Critical'],
  ['NO_INFORMATION', 'No information'],
]);

/** The model select's value as AddOutcomeInput's model or modelRule. */
export function modelInput(choice: string): { model?: string; modelRule?: string } {
  return choice === 'I2_AND_HETEROGENEITY_P' ? { modelRule: choice } : { model: choice };
}
