// An outcome's data rows as entered (Outcome.studyData): a study may give several (a multi-arm trial's arms, several
// subgroups), told apart by label and subgroup. The maintainer's data view and the data-entry form's prefill read
// them. Field names from apps/api/src/schema/outcome.ts.
import { gql } from '@apollo/client/core';

/** The number fields of RecordStudyDataInput; StudyData names them the same way. */
export const STUDY_NUMBER_KEYS = [
  'events1',
  'n1',
  'events2',
  'n2',
  'mean1',
  'sd1',
  'mean2',
  'sd2',
  'meanBefore',
  'sdBefore',
  'meanAfter',
  'sdAfter',
  'n',
  'yi',
  'sei',
  'estimate',
  'ciLower',
  'ciUpper',
] as const;

export type StudyNumberKey = (typeof STUDY_NUMBER_KEYS)[number];

export type StoredStudyData = Record<StudyNumberKey, number | null> & {
  /** The row (rowId in updateStudyDataRow and removeStudyDataRow). */
  id: string;
  studyId: string;
  /** The row's arm or comparison ('high dose'); null for a study's only row. */
  label: string | null;
  /** Rows are listed by study, then by position. */
  position: number;
  study: { id: string; label: string; retracted: boolean };
  subgroup: string | null;
  source: string | null;
  /** The review version at which these numbers were recorded. */
  recordedInVersion: number;
};

export interface StudyDataResult {
  outcome: { id: string; version: number; studyData: StoredStudyData[] } | null;
}

export const STUDY_DATA_QUERY = gql`
  query StudyData($id: ID!) {
    outcome(id: $id) {
      id
      version
      studyData {
        id
        studyId
        label
        position
        study {
          id
          label
          retracted
        }
        ${STUDY_NUMBER_KEYS.join('\n        ')}
        subgroup
        source
        recordedInVersion
      }
    }
  }
`;
