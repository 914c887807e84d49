// The numbers stored for each study of an outcome, as entered (Outcome.studyData): the maintainer's data view
// and the data-entry form's prefill read them. Field names from apps/api/src/schema/outcome.ts.
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
  studyId: string;
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
        studyId
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
