// Object refs of the intake chain, declared apart so the modules that implement and use them do not import each other.
import type { DuplicateCandidateRow, RecordRow, SearchRow, StudyReportRow, UpdateRoundRow } from '@cumulus/db';
import { builder } from './builder.js';

export const UpdateRoundRef = builder.objectRef<UpdateRoundRow>('UpdateRound');
export const SearchRef = builder.objectRef<SearchRow>('Search');
export const RecordRef = builder.objectRef<RecordRow>('Record');
export const DuplicateCandidateRef = builder.objectRef<DuplicateCandidateRow>('DuplicateCandidate');
export const StudyReportRef = builder.objectRef<StudyReportRow>('StudyReport');

export const ScreeningStageEnum = builder.enumType('ScreeningStage', {
  values: {
    TITLE_ABSTRACT: { value: 'title-abstract', description: 'Titles and abstracts' },
    FULL_TEXT: { value: 'full-text', description: 'Full texts (reports sought and assessed for eligibility)' },
  } as const,
});

export const ScreeningDecisionEnum = builder.enumType('ScreeningDecision', {
  values: {
    INCLUDE: { value: 'include' },
    EXCLUDE: { value: 'exclude', description: 'At full text, with one of the review\'s exclusion reasons.' },
    MAYBE: { value: 'maybe', description: 'Unsure: on title and abstract it counts as include (the full text is sought); on a full text it is a conflict for an arbiter.' },
  } as const,
});

export const ArbiterDecisionEnum = builder.enumType('ArbiterDecision', {
  values: { INCLUDE: { value: 'include' }, EXCLUDE: { value: 'exclude' } } as const,
});

export const SearchSourceKindEnum = builder.enumType('SearchSourceKind', {
  description: 'Where records came from, as the PRISMA 2020 flow diagram counts them.',
  values: {
    DATABASE: { value: 'database', description: 'A bibliographic database (MEDLINE, Embase, CENTRAL…): screened on title and abstract.' },
    REGISTER: { value: 'register', description: 'A trial register (ClinicalTrials.gov, ICTRP…): screened on title and abstract.' },
    WEBSITE: { value: 'website', description: 'Other methods: websites. Assessed on the full text.' },
    ORGANISATION: { value: 'organisation', description: 'Other methods: organisations. Assessed on the full text.' },
    CITATION: { value: 'citation', description: 'Other methods: citation searching. Assessed on the full text.' },
  } as const,
});

export const RecordFormatEnum = builder.enumType('RecordFormat', {
  values: {
    RIS: { value: 'ris', description: 'RIS (EndNote, Zotero, Embase, Scopus, Ovid, ProQuest, Web of Science…)' },
    MEDLINE: { value: 'medline', description: 'PubMed/MEDLINE (.nbib, .txt)' },
    CSV: { value: 'csv', description: 'CSV with a header row (title, abstract, authors, year, journal, doi, pmid…)' },
  } as const,
});
