// Quality assessments as the engine takes them: each study's judgements per domain, one per tool.
import type { StudyRiskOfBias } from './engine.js';

/** Each study's assessments per domain, one per tool (the traffic-light table of the analysis), from quality_assessments rows. */
export function riskOfBiasByStudy(assessments: { study_id: string; tool: StudyRiskOfBias['tool']; total_stars: number | null; overall_judgement: string | null; domains: string }[]) {
  const byStudy = new Map<string, StudyRiskOfBias[]>();
  for (const a of assessments) {
    const { domains } = JSON.parse(a.domains) as { domains: StudyRiskOfBias['domains'] };
    const list = byStudy.get(a.study_id) ?? [];
    list.push({ tool: a.tool, domains, overall: a.overall_judgement, totalStars: a.total_stars });
    byStudy.set(a.study_id, list);
  }
  return byStudy;
}
