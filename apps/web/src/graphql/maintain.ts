// The maintainers' mutations. Each payload carries `errors { field message }`; the object is null when refused.
import { gql, type ApolloClient, type DocumentNode } from '@apollo/client/core';
import type { UserError } from '../composables/use-mutation-form';

const ERRORS = 'errors { field message }';

export const CREATE_REVIEW = gql`mutation CreateReview($input: CreateReviewInput!) { createReview(input: $input) { review { id version } ${ERRORS} } }`;
export const IMPORT_REVMAN_REVIEW = gql`mutation ImportRevManReview($input: ImportRevManReviewInput!) { importRevManReview(input: $input) { review { id version } ${ERRORS} } }`;
export const ADD_OUTCOME = gql`mutation AddOutcome($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id version } ${ERRORS} } }`;
export const ADD_STUDY = gql`mutation AddStudy($input: AddStudyInput!) { addStudy(input: $input) { study { id label } ${ERRORS} } }`;
/** Many studies as one version, in the order given (errors name them: input.studies.<i>.<field>). */
export const UPDATE_STUDY = gql`mutation UpdateStudy($input: UpdateStudyInput!) { updateStudy(input: $input) { study { id label } ${ERRORS} } }`;
export const RETRACT_STUDY = gql`mutation RetractStudy($input: RetractStudyInput!) { retractStudy(input: $input) { study { id label } ${ERRORS} } }`;
export const RECORD_QUALITY = gql`mutation RecordQuality($input: RecordQualityAssessmentInput!) { recordQualityAssessment(input: $input) { assessment { id version } ${ERRORS} } }`;
export const RECORD_PRISMA = gql`mutation RecordPrisma($input: RecordPrismaCountsInput!) { recordPrismaCounts(input: $input) { review { id version } ${ERRORS} } }`;

const OUTCOME_RESULT = 'outcome { id version analysis { k estimate ciLower ciUpper } }';
export const RECORD_STUDY_DATA = gql`mutation RecordStudyData($input: RecordStudyDataInput!) { recordStudyData(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;
/** Many studies' numbers for one outcome as one version and one recomputation (errors: input.rows.<i>.<field>). */
export const RECORD_STUDY_DATA_TABLE = gql`mutation RecordStudyDataTable($input: RecordStudyDataTableInput!) { recordStudyDataTable(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;
export const UPDATE_OUTCOME_SETTINGS = gql`mutation UpdateOutcomeSettings($input: UpdateOutcomeSettingsInput!) { updateOutcomeSettings(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;

export interface OutcomeResult {
  id: string;
  version: number;
  analysis: { k: number; estimate: number | null; ciLower: number | null; ciUpper: number | null };
}

/** A sender for useMutationForm: runs `document` and picks `payload.value` and `payload.errors`. */
export function sender<T>(client: ApolloClient<unknown>, document: DocumentNode, payload: string, value: string) {
  return async (input: Record<string, unknown>): Promise<{ value: T | null; errors: UserError[] }> => {
    const { data } = await client.mutate<Record<string, Record<string, unknown>>>({ mutation: document, variables: { input }, fetchPolicy: 'no-cache' });
    const answer = data?.[payload];
    return { value: (answer?.[value] as T | null) ?? null, errors: (answer?.errors as UserError[]) ?? [] };
  };
}

export const OVERRIDE_CERTAINTY_DOMAIN = gql`mutation OverrideCertaintyDomain($input: OverrideCertaintyDomainInput!) { overrideCertaintyDomain(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;
export const SET_SEQUENTIAL_ASSUMPTIONS = gql`mutation SetSequentialAssumptions($input: SetSequentialAssumptionsInput!) { setSequentialAssumptions(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;

/** Everything the review page's edit form shows, so the saved review can refill it. */
export const UPDATE_REVIEW = gql`mutation UpdateReview($input: UpdateReviewInput!) {
  updateReview(input: $input) {
    review { id version title question population intervention comparison outcomesDescription citation registration status isPublic }
    ${ERRORS}
  }
}`;
/** A study's rows: another one beside those it has, one corrected (label, subgroup, source left out stay; null clears), one removed. */
export const ADD_STUDY_DATA_ROW = gql`mutation AddStudyDataRow($input: AddStudyDataRowInput!) { addStudyDataRow(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;
export const UPDATE_STUDY_DATA_ROW = gql`mutation UpdateStudyDataRow($input: UpdateStudyDataRowInput!) { updateStudyDataRow(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;
export const REMOVE_STUDY_DATA_ROW = gql`mutation RemoveStudyDataRow($input: RemoveStudyDataRowInput!) { removeStudyDataRow(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;
export const REMOVE_STUDY_DATA = gql`mutation RemoveStudyData($input: RemoveStudyDataInput!) { removeStudyData(input: $input) { ${OUTCOME_RESULT} ${ERRORS} } }`;
