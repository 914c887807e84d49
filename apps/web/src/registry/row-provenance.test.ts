import { describe, expect, it } from 'vitest';
import type { RowProvenance } from './registry-queries';
import { provenanceByRow, provenanceMayHaveChanged, provenanceView } from './row-provenance';

const registry: RowProvenance = {
  kind: 'registry',
  summary: "ClinicalTrials.gov NCT02552212, 'ASAS40 at week 12' (Week 12), record of 2022-08-18, fetched 2026-12-02",
  nctId: 'NCT02552212',
  sourceUrl: 'https://clinicaltrials.gov/study/NCT02552212',
  derived: true,
  conversions: ['percentage → count: 47.2% of 159 = 75', 'percentage → count: 15.8% of 158 = 25'],
  confirmedBy: 'Mia Maintainer',
  confirmedVersion: 7,
};

describe("a row's provenance", () => {
  it('keeps the summary, links the record, and says which numbers were computed', () => {
    expect(provenanceView(registry)).toEqual({
      summary: registry.summary,
      href: 'https://clinicaltrials.gov/study/NCT02552212',
      derived: true,
      derivedWhy: 'percentage → count: 47.2% of 159 = 75; percentage → count: 15.8% of 158 = 25',
    });
    expect(provenanceView({ ...registry, conversions: [] }).derivedWhy).toBe('Some numbers were computed from those registered.');
    expect(provenanceView({ ...registry, derived: false, conversions: [] })).toMatchObject({ derived: false, derivedWhy: '' });
  });

  it("links a record read from ClinicalTrials.gov's API at the trial's results page, and one read elsewhere where it was read", () => {
    expect(provenanceView({ ...registry, sourceUrl: 'https://clinicaltrials.gov/api/v2/studies/NCT02552212' }).href).toBe('https://clinicaltrials.gov/study/NCT02552212?tab=results');
    expect(provenanceView({ ...registry, sourceUrl: 'http://127.0.0.1:8080/api/v2/studies/NCT02552212' }).href).toBe('http://127.0.0.1:8080/api/v2/studies/NCT02552212');
  });

  it('links no address that is not a web page', () => {
    expect(provenanceView({ ...registry, sourceUrl: 'javascript:alert(document.cookie)' }).href).toBeNull();
    expect(provenanceView({ ...registry, sourceUrl: null }).href).toBeNull();
  });

  it('maps rows to their provenance, leaving out rows typed by hand', () => {
    const map = provenanceByRow([
      { id: 'r1', provenance: registry },
      { id: 'r2', provenance: null },
    ]);
    expect([...map.keys()]).toEqual(['r1']);
    expect(map.get('r1')?.summary).toBe(registry.summary);
  });

  it('is asked for again only after a change that can give a provenance, or when some row has one', () => {
    expect(provenanceMayHaveChanged('recordStudyData', 0)).toBe(false);
    expect(provenanceMayHaveChanged(null, 0)).toBe(false);
    expect(provenanceMayHaveChanged('confirmRegistryProposal', 0)).toBe(true);
    expect(provenanceMayHaveChanged('reconcileExtraction', 0)).toBe(true);
    expect(provenanceMayHaveChanged('submitExtraction', 0)).toBe(true);
    expect(provenanceMayHaveChanged('updateStudyDataRow', 1)).toBe(true);
  });
});
